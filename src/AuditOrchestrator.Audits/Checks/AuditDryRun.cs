using System.Text.Json;
using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Vendors.Http;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace AuditOrchestrator.Audits.Checks;

public enum DryRunFormat
{
    Markdown,
    Json,
}

/// <summary>
/// <c>audit &lt;audit&gt; --dry-run [--format markdown|json]</c>: runs the checks and prints the report or the findings
/// without touching GitLab or writing to any vendor. Progress goes to stderr; a failure is one line there and exit code 1.
/// </summary>
public static class AuditDryRun
{
    public static async Task<int> RunAsync(AuditKind audit, DryRunFormat format, IServiceProvider services,
        TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        // Colour only on a real terminal: a redirected or captured stderr gets plain text.
        var terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stderr),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        var progress = new Progress(console);
        try
        {
            var runner = services.GetRequiredService<AuditRunner>();
            var result = await runner.RunAsync(audit, progress, ct);
            foreach (var error in result.Team.Errors)
            {
                await stderr.WriteLineAsync($"error: team data: {error.ReplaceLineEndings(" ")}");
            }
            foreach (var warning in result.Team.Warnings)
            {
                await stderr.WriteLineAsync($"warning: team data: {warning.ReplaceLineEndings(" ")}");
            }
            progress.Report($"{result.Findings.Count} finding(s)");
            var markdown = format == DryRunFormat.Markdown ? await runner.CompleteReportAsync(result, runId: null, ct) : result.Markdown;
            await stdout.WriteAsync(format == DryRunFormat.Json ? ToJson(result) : markdown);
            await stdout.FlushAsync(ct);
            return 0;
        }
        catch (Exception e) when (e is VendorApiException or TeamDataException)
        {
            var message = e is TeamDataException team
                ? $"bad support team data: {string.Join("; ", team.Errors)}"
                : e.Message;
            await stderr.WriteLineAsync($"error: {message.ReplaceLineEndings(" ")}");
            return 1;
        }
        catch (UriFormatException e)
        {
            await stderr.WriteLineAsync($"error: a vendor BaseUrl is not a valid absolute URL ({e.Message})");
            return 1;
        }
    }

    public static bool TryParseFormat(string? text, out DryRunFormat format)
    {
        format = DryRunFormat.Markdown;
        switch (text?.Trim().ToUpperInvariant())
        {
            case null or "" or "MARKDOWN":
                return true;
            case "JSON":
                format = DryRunFormat.Json;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The dry run's JSON (README, "Command line"): {"audit", "findings":[{code, person, instance (Zendesk only), message, expected, found}]}.</summary>
    public static string ToJson(AuditResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("audit", result.Audit.CliName());
            json.WriteStartArray("findings");
            foreach (var f in result.Findings)
            {
                json.WriteStartObject();
                json.WriteString("code", f.Code);
                json.WriteString("person", f.Person);
                if (f.Instance is not null)
                {
                    json.WriteString("instance", f.Instance);
                }

                json.WriteString("message", f.Message);
                json.WriteString("expected", f.Expected);
                json.WriteString("found", f.Found);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    private sealed class Progress(IAnsiConsole console) : IProgress<string>
    {
        public void Report(string value) => console.MarkupLineInterpolated($"[grey]… {value}[/]");
    }
}
