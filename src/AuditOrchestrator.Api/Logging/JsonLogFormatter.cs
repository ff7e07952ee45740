using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Api.Logging;

public sealed class JsonLogFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>"sandbox" or "production": on every line, so a sandbox's logs can never pass for a real service's.</summary>
    public string Mode { get; set; } = "production";
}

/// <summary>One JSON object per line: time, level, category, message, the state's named values, the exception, the mode.</summary>
public sealed class JsonLogFormatter(IOptionsMonitor<JsonLogFormatterOptions> options) : ConsoleFormatter(Name)
{
    public new const string Name = "orchestrator-json";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", DateTimeOffset.UtcNow);
            json.WriteString("level", logEntry.LogLevel.ToString());
            json.WriteString("category", logEntry.Category);
            json.WriteString("mode", options.CurrentValue.Mode);
            json.WriteString("message", message);
            var written = new HashSet<string>(StringComparer.Ordinal);
            if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                WriteValues(json, values, written);
            }
            // Scopes (a run's and instance's ids, say) after the message's own values; a name is written once.
            scopeProvider?.ForEachScope((scope, state) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> scopeValues)
                {
                    WriteValues(state.json, scopeValues, state.written);
                }
            }, (json, written));
            if (System.Diagnostics.Activity.Current is { } activity)
            {
                WriteValue(json, written, "traceId", activity.TraceId.ToString());
                WriteValue(json, written, "spanId", activity.SpanId.ToString());
            }
            if (logEntry.Exception is not null)
            {
                json.WriteString("exception", logEntry.Exception.ToString());
            }
            json.WriteEndObject();
        }
        textWriter.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteValues(Utf8JsonWriter json, IEnumerable<KeyValuePair<string, object?>> values, HashSet<string> written)
    {
        foreach (var (key, value) in values.Where(v => v.Key != "{OriginalFormat}"))
        {
            WriteValue(json, written, JsonNamingPolicy.CamelCase.ConvertName(key), Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static void WriteValue(Utf8JsonWriter json, HashSet<string> written, string name, string? value)
    {
        if (written.Add(name))
        {
            json.WriteString(name, value);
        }
    }
}
