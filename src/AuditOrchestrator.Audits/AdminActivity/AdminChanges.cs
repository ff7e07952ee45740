using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using AuditOrchestrator.Vendors.PagerDuty;

namespace AuditOrchestrator.Audits.AdminActivity;

/// <summary>One collected audit record about a schedule, a user or an escalation policy, as the report lists it.</summary>
public sealed record AdminChange(DateTimeOffset When, string Who, string Action, string What);

/// <summary>The admin changes of a period: the newest few, how many there are in all, and whether anything was collected ever.</summary>
public sealed record AdminChangesSince(DateTimeOffset Since, string SinceWhat, IReadOnlyList<AdminChange> Newest, long Total, bool NothingCollected);

/// <summary>
/// "Admin changes since the last audit" for the PagerDuty report (seed 004): the collected audit records about
/// schedules, users and escalation policies since the previous PagerDuty run started, or the last 6 months when
/// there is none.
/// </summary>
public sealed class AdminChanges(
    NpgsqlDataSource dataSource,
    TimeProvider clock,
    IOptions<AuditRecordsOptions> collector,
    IOptions<PagerDutyOptions> pagerDuty)
{
    public const int Cap = 50;
    public static readonly TimeSpan WithoutEarlierRun = TimeSpan.FromDays(183);

    // PagerDuty names the type of a root resource "schedule_reference"; its filters say "schedules". Both are read.
    private static readonly string[] ResourceTypes =
    [
        "schedule", "schedules", "schedule_reference",
        "user", "users", "user_reference",
        "escalation_policy", "escalation_policies", "escalation_policy_reference",
    ];

    /// <summary>The report section for the PagerDuty run <paramref name="runId"/> (its own row, if any, is not "the last audit").</summary>
    public async Task<string> SectionAsync(Guid runId, CancellationToken ct)
    {
        if (!collector.Value.IsEnabled(pagerDuty.Value))
        {
            return AdminChangesReport.Render(null, "The PagerDuty audit-record collector is off (PagerDutyAuditLogs__Enabled): no admin changes to show.");
        }

        return AdminChangesReport.Render(await ReadAsync(runId, ct), null);
    }

    public async Task<AdminChangesSince> ReadAsync(Guid runId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        DateTimeOffset since;
        string sinceWhat;
        await using (var previous = new NpgsqlCommand("""
            SELECT created_at, period FROM audit_runs
            WHERE audit = 'pagerduty' AND id <> $1
              AND created_at < coalesce((SELECT created_at FROM audit_runs WHERE id = $1), 'infinity'::timestamptz)
            ORDER BY created_at DESC LIMIT 1
            """, connection))
        {
            previous.Parameters.Add(new NpgsqlParameter { Value = runId });
            await using var reader = await previous.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                since = reader.GetFieldValue<DateTimeOffset>(0);
                sinceWhat = string.Create(CultureInfo.InvariantCulture, $"the last PagerDuty audit ({reader.GetString(1)}, started {since:yyyy-MM-dd HH:mm} UTC)");
            }
            else
            {
                since = clock.GetUtcNow() - WithoutEarlierRun;
                sinceWhat = string.Create(CultureInfo.InvariantCulture, $"the last 6 months (since {since:yyyy-MM-dd}; no earlier PagerDuty audit)");
            }
        }

        bool nothingCollected;
        await using (var any = new NpgsqlCommand("SELECT NOT EXISTS (SELECT 1 FROM pagerduty_audit_logs)", connection))
        {
            nothingCollected = (bool)(await any.ExecuteScalarAsync(ct))!;
        }

        const string Filter = "NOT malformed AND execution_time >= $1 AND root_resource_type = ANY($2)";
        long total;
        await using (var count = new NpgsqlCommand($"SELECT count(*) FROM pagerduty_audit_logs WHERE {Filter}", connection))
        {
            count.Parameters.Add(new NpgsqlParameter { Value = since });
            count.Parameters.Add(new NpgsqlParameter { Value = ResourceTypes });
            total = (long)(await count.ExecuteScalarAsync(ct))!;
        }

        var newest = new List<AdminChange>();
        await using (var list = new NpgsqlCommand($"""
            SELECT execution_time, actors::text, action, root_resource_type, root_resource_summary, root_resource_id
            FROM pagerduty_audit_logs WHERE {Filter}
            ORDER BY execution_time DESC, id LIMIT $3
            """, connection))
        {
            list.Parameters.Add(new NpgsqlParameter { Value = since });
            list.Parameters.Add(new NpgsqlParameter { Value = ResourceTypes });
            list.Parameters.Add(new NpgsqlParameter { Value = Cap });
            await using var reader = await list.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                newest.Add(new AdminChange(
                    reader.GetFieldValue<DateTimeOffset>(0),
                    AdminChangesReport.ActorSummary(reader.IsDBNull(1) ? null : reader.GetString(1)),
                    reader.IsDBNull(2) ? "" : reader.GetString(2),
                    AdminChangesReport.ResourceSummary(
                        reader.IsDBNull(3) ? null : reader.GetString(3),
                        reader.IsDBNull(4) ? null : reader.GetString(4),
                        reader.IsDBNull(5) ? null : reader.GetString(5))));
            }
        }

        return new AdminChangesSince(since, sinceWhat, newest, total, nothingCollected);
    }
}

/// <summary>The markdown of the section; pure, so the wording is tested without a database.</summary>
public static class AdminChangesReport
{
    public const string Title = "### Admin changes since the last audit";

    /// <summary>Either the changes, or the one line saying why there are none to show (<paramref name="unavailable"/>).</summary>
    public static string Render(AdminChangesSince? changes, string? unavailable)
    {
        var md = new StringBuilder().AppendLine(Title).AppendLine();
        if (changes is null)
        {
            return md.AppendLine(unavailable ?? "No admin changes to show.").ToString();
        }

        if (changes.NothingCollected)
        {
            return md.AppendLine("No PagerDuty audit records have been collected yet: no admin changes to show.").ToString();
        }

        if (changes.Total == 0)
        {
            return md.AppendLine(CultureInfo.InvariantCulture, $"No changes to schedules, users or escalation policies since {changes.SinceWhat}.").ToString();
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"Changes to schedules, users and escalation policies since {changes.SinceWhat}, newest first:").AppendLine();
        var table = new Checks.MarkdownTable("When (UTC)", "Who", "Action", "What");
        foreach (var change in changes.Newest)
        {
            table.Row(change.When.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), change.Who, change.Action, change.What);
        }

        table.WriteTo(md);
        var more = changes.Total - changes.Newest.Count;
        if (more > 0)
        {
            md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"… and {more} more (all of them under /api/sources/pagerduty/audit-records).");
        }

        return md.ToString();
    }

    /// <summary>The actors' summaries ("Jon Snow"), else their ids; "unknown" when the record names nobody.</summary>
    public static string ActorSummary(string? actorsJson)
    {
        if (string.IsNullOrWhiteSpace(actorsJson))
        {
            return "unknown";
        }

        try
        {
            using var document = JsonDocument.Parse(actorsJson);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return "unknown";
            }

            var names = document.RootElement.EnumerateArray()
                .Where(a => a.ValueKind == JsonValueKind.Object)
                .Select(a => Text(a, "summary") ?? Text(a, "id"))
                .OfType<string>()
                .ToList();
            return names.Count == 0 ? "unknown" : string.Join(", ", names);
        }
        catch (JsonException)
        {
            return "unknown";
        }
    }

    /// <summary>"schedule Primary on-call" from the root resource's type and summary (its id when it has no summary).</summary>
    public static string ResourceSummary(string? type, string? summary, string? id)
    {
        var kind = (type ?? "resource").Replace("_reference", "", StringComparison.Ordinal).Replace('_', ' ');
        kind = kind switch
        {
            "schedules" => "schedule",
            "users" => "user",
            "escalation policies" => "escalation policy",
            _ => kind,
        };
        return $"{kind} {summary ?? id ?? ""}".Trim();
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;
}
