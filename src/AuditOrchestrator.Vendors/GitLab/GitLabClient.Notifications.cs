using System.Globalization;

namespace AuditOrchestrator.Vendors.GitLab;

/// <summary>An issue named by a setting: <c>group/project#12</c>, an issue URL, or <c>12</c> in the audit project.</summary>
public sealed record IssueAddress(string? Project, long Iid)
{
    public static IssueAddress? Parse(string? text)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var iid))
        {
            return new IssueAddress(null, iid);
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var url) && url.AbsolutePath.Split("/-/issues/") is [var path, var number]
            && long.TryParse(number.TrimEnd('/'), NumberStyles.None, CultureInfo.InvariantCulture, out iid))
        {
            return new IssueAddress(path.Trim('/'), iid);
        }

        var hash = value.LastIndexOf('#');
        return hash > 0 && long.TryParse(value[(hash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out iid)
            ? new IssueAddress(value[..hash].Trim('/'), iid)
            : null;
    }

    public override string ToString() => Project is null ? $"#{Iid}" : $"{Project}#{Iid}";
}

public sealed partial class GitLabClient
{
    /// <summary>
    /// Posts a note with the marked body on the addressed issue (any project the token can write to), unless a note
    /// there already carries <paramref name="key"/>.
    /// </summary>
    public async Task<GitLabNote> CreateNoteOnceAsync(IssueAddress address, string key, string body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var project = address.Project is null ? AuditProject : ProjectSegment(address.Project);
        var notes = $"projects/{project}/issues/{address.Iid}/notes";
        var existing = await GetAllPagesAsync<GitLabNote>($"{notes}?sort=asc&order_by=created_at", cancellationToken);
        if (existing.FirstOrDefault(n => !n.System && IdempotencyMarker.Carries(n.Body, key)) is { } found)
        {
            return found;
        }

        // If the process dies after this POST, the next attempt's lookup above finds the note.
        await notePacer.WaitTurnAsync(cancellationToken);
        return await SendJsonAsync<GitLabNote>(HttpMethod.Post, notes, new { body = IdempotencyMarker.Embed(body, key) }, cancellationToken);
    }
}
