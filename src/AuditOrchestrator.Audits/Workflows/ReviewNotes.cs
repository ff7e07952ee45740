using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Vendors.GitLab;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>
/// A review that lists every item of a run, however many: GitLab refuses a note over 1,000,000 characters (1 MB on
/// newer versions), so a long list is cut, at line ends and always at the same places for the same items, into the
/// review note (where the SOM approves) and continuation notes posted right after it, each once by its own key.
/// </summary>
public static class ReviewNotes
{
    /// <summary>
    /// The most UTF-8 bytes one part may hold before its idempotency marker: under GitLab's 1,000,000 characters
    /// (bytes are never fewer than characters) with room for the marker.
    /// </summary>
    public const int MaxPartBytes = 990_000;

    /// <summary>
    /// The review note (<paramref name="header"/>, the first lines, <paramref name="footer"/>) and the continuation
    /// notes, each at most <paramref name="maxBytes"/>. One note when everything fits.
    /// </summary>
    public static IReadOnlyList<string> Split(string header, IReadOnlyList<string> lines, string footer, int maxBytes = MaxPartBytes)
    {
        ArgumentNullException.ThrowIfNull(lines);
        // The notice of how many parts follow is at most this long; it is reserved in the first part's budget.
        const int NoticeBytes = 200;
        var chunks = new List<List<string>>();
        var current = new List<string>();
        var budget = maxBytes - Bytes(header) - Bytes(footer) - NoticeBytes - 8;
        var used = 0;
        foreach (var line in lines)
        {
            var size = Bytes(line) + 1;
            if (current.Count > 0 && used + size > budget)
            {
                chunks.Add(current);
                current = [];
                used = 0;
                budget = maxBytes - Bytes(ContinuationHeader(99_999, 99_999)) - 8;
            }
            current.Add(line);
            used += size;
        }
        chunks.Add(current);

        var parts = new List<string>();
        for (var i = 0; i < chunks.Count; i++)
        {
            var md = new StringBuilder();
            md.AppendLine(i == 0 ? header : ContinuationHeader(i + 1, chunks.Count)).AppendLine();
            foreach (var line in chunks[i])
            {
                md.AppendLine(line);
            }
            if (i == 0)
            {
                if (chunks.Count > 1)
                {
                    md.AppendLine().AppendLine(string.Create(CultureInfo.InvariantCulture,
                        $"The list goes on in the next {chunks.Count - 1} note(s), parts 2 to {chunks.Count} of {chunks.Count}: {lines.Count} lines in all."));
                }
                md.AppendLine().Append(footer);
            }
            parts.Add(md.ToString().TrimEnd());
        }
        return parts;
    }

    /// <summary>
    /// Posts the parts: the first as the step's "review" side effect (its note is the review note), the others as
    /// "review-part-N", so a step run again after a crash finds what was posted and posts only the rest.
    /// </summary>
    public static async Task<JsonObject> PostAsync(ActivityContext context, long issueIid, string som, IReadOnlyList<string> parts)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parts);
        var gitlab = context.Services.GetRequiredService<GitLabClient>();
        var note = await context.TrackedSideEffectAsync("review", async (attempt, ct) =>
        {
            var posted = await gitlab.CreateNoteOnceAsync(issueIid, attempt.Key, parts[0], attempt.MayHaveHappened, ct);
            // GitLab's own time of the note: a close or approval counts only when GitLab dates it after this.
            return new JsonObject { ["noteId"] = posted.Note.Id, ["som"] = som, ["at"] = posted.Note.CreatedAt };
        }) as JsonObject ?? throw new InvalidOperationException("The review note was not recorded.");
        var continued = new JsonArray();
        for (var i = 1; i < parts.Count; i++)
        {
            var body = parts[i];
            var part = await context.TrackedSideEffectAsync(string.Create(CultureInfo.InvariantCulture, $"review-part-{i + 1}"), async (attempt, ct) =>
                new JsonObject { ["noteId"] = (await gitlab.CreateNoteOnceAsync(issueIid, attempt.Key, body, attempt.MayHaveHappened, ct)).Note.Id });
            continued.Add(part?["noteId"]?.DeepClone());
        }
        if (continued.Count > 0)
        {
            note = (JsonObject)note.DeepClone();
            note["continuedIn"] = continued;
        }
        return note;
    }

    private static string ContinuationHeader(int part, int of) =>
        string.Create(CultureInfo.InvariantCulture, $"Review, continued (part {part} of {of}):");

    private static int Bytes(string text) => Encoding.UTF8.GetByteCount(text);
}
