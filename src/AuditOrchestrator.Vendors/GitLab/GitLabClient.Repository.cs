using AuditOrchestrator.Vendors.Http;

namespace AuditOrchestrator.Vendors.GitLab;

public sealed partial class GitLabClient
{
    /// <summary>The commit id a ref (branch, tag or commit; the default branch when null) points at now.</summary>
    public async Task<string> GetCommitIdAsync(string project, string? gitRef, CancellationToken cancellationToken)
    {
        var target = string.IsNullOrEmpty(gitRef) ? (await GetAsync<ProjectRef>($"projects/{ProjectSegment(project)}", cancellationToken)).DefaultBranch : gitRef;
        var commit = await GetAsync<CommitRef>($"projects/{ProjectSegment(project)}/repository/commits/{Uri.EscapeDataString(target)}", cancellationToken);
        return commit.Id;
    }

    private sealed record CommitRef(string Id);

    private sealed record ProjectRef(string DefaultBranch);

    /// <summary>A file's raw text at <paramref name="gitRef"/> (the default branch when null).</summary>
    public async Task<string> GetRawFileAsync(string project, string path, string? gitRef, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var uri = $"projects/{ProjectSegment(project)}/repository/files/{Uri.EscapeDataString(path.Trim('/'))}/raw";
        if (!string.IsNullOrEmpty(gitRef))
        {
            uri = WithQuery(uri, "ref", gitRef);
        }

        using var response = await http.GetAsync(uri, cancellationToken);
        response.EnsureSuccess(Vendor);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>
    /// Every entry under <paramref name="path"/> (recursively), across all pages. Asks for keyset pagination, which
    /// GitLab recommends for trees; a server that ignores it pages by offset, and both announce the next page in Link.
    /// </summary>
    public Task<IReadOnlyList<GitLabTreeEntry>> ListTreeAsync(string project, string path, string? gitRef, CancellationToken cancellationToken)
    {
        var uri = $"projects/{ProjectSegment(project)}/repository/tree?recursive=true&pagination=keyset";
        if (!string.IsNullOrEmpty(path.Trim('/')))
        {
            uri = WithQuery(uri, "path", path.Trim('/'));
        }

        if (!string.IsNullOrEmpty(gitRef))
        {
            uri = WithQuery(uri, "ref", gitRef);
        }

        return GetAllPagesAsync<GitLabTreeEntry>(uri, cancellationToken);
    }
}
