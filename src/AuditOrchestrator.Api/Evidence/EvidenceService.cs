using System.Text.Json.Nodes;
using AuditOrchestrator.Api.Runs;
using AuditOrchestrator.Engine.Evidence;

namespace AuditOrchestrator.Api.Evidence;

/// <summary>Builds a run's evidence pack from the run as it stands and its stored record.</summary>
public sealed class EvidenceService(RunReader runs, RunRecord record, TimeProvider clock)
{
    public const string Json = "json";
    public const string Markdown = "md";
    public const string Csv = "csv";

    public static bool IsFormat(string? format) => format is Json or Markdown or Csv;

    /// <summary>The pack as a JSON object, or null for an unknown run.</summary>
    public async Task<JsonObject?> BuildAsync(Guid runId, CancellationToken ct)
    {
        var run = await runs.GetAsync(runId, ct);
        if (run is null)
        {
            return null;
        }
        return EvidencePack.Build(run, await record.ReadAsync(runId, ct), clock.GetUtcNow());
    }

    /// <summary>The pack in one of the formats: the text and its media type.</summary>
    public static (string Text, string ContentType, string Extension) Render(JsonObject pack, string format) => format switch
    {
        Markdown => (EvidenceFormats.Markdown(pack), "text/markdown; charset=utf-8", "md"),
        Csv => (EvidenceFormats.Csv(pack), "text/csv; charset=utf-8", "csv"),
        _ => (EvidencePack.ToText(pack), "application/json; charset=utf-8", "json"),
    };

    public async Task<PackVerdict?> VerifyAsync(string text, CancellationToken ct) =>
        await PackVerifier.VerifyAsync(text, async id => await record.ReadAsync(id, ct) is { } stored && (stored.Entries.Count > 0 || stored.HeadHash is not null) ? stored : null);
}
