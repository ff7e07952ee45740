using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuditOrchestrator.Api.Health;

/// <summary>
/// The usual health-check JSON (<c>status</c>, <c>totalDuration</c>, <c>entries</c> by check name with their status,
/// description, duration and tags), minus <c>exception</c> and <c>data</c>: the answer is anonymous, so a description
/// is only ever a reason code (<c>database-unreachable</c>); anything else a check or the framework put there (a
/// timeout's text, an exception message naming hosts and users) is written as <c>check-failed</c> and stays in the log.
/// </summary>
public static partial class HealthJson
{
    public const string CheckFailed = "check-failed";

    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteString("totalDuration", report.TotalDuration.ToString("c", CultureInfo.InvariantCulture));
        json.WriteStartObject("entries");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            if (entry.Status != HealthStatus.Healthy)
            {
                json.WriteString("description", ReasonCode(entry.Description));
            }
            json.WriteString("duration", entry.Duration.ToString("c", CultureInfo.InvariantCulture));
            json.WriteStartArray("tags");
            foreach (var tag in entry.Tags)
            {
                json.WriteStringValue(tag);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    public static string ReasonCode(string? description) =>
        description is not null && Code().IsMatch(description) ? description : CheckFailed;

    [GeneratedRegex("^[a-z]+(-[a-z]+)*$")]
    private static partial Regex Code();
}
