using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Vendors.GitLab;

namespace AuditOrchestrator.Audits.GitLab;

/// <summary>
/// The support-team YAML read from a GitLab repository: one file, or every .yaml/.yml file under a folder
/// (found through the repository tree, all pages, then read raw one by one, in path order).
/// </summary>
public sealed class GitLabTeamFiles(GitLabClient gitLab, GitLabTeamSource source) : ITeamFileSource
{
    public string Description => source.ToString();

    /// <summary>
    /// The <see cref="TeamSourceFactory"/> for <c>gitlab:</c> sources: null for any other kind; a malformed
    /// <c>gitlab:</c> string is a <see cref="TeamDataException"/> saying what is wrong.
    /// </summary>
    public static GitLabTeamFiles? FromSource(string source, Func<GitLabClient> gitLab)
    {
        ArgumentNullException.ThrowIfNull(gitLab);
        if (!GitLabTeamSource.IsGitLabSource(source))
        {
            return null;
        }

        try
        {
            return new GitLabTeamFiles(gitLab(), GitLabTeamSource.Parse(source));
        }
        catch (FormatException e)
        {
            throw new TeamDataException(source, [e.Message]);
        }
    }

    public Task<IReadOnlyList<TeamFile>> ReadAllAsync(CancellationToken cancellationToken) => ReadAtAsync(source.Ref, cancellationToken);

    /// <summary>
    /// Resolves the ref to its commit first and reads every file at that commit: one consistent version, even when
    /// someone pushes while the folder is read file by file.
    /// </summary>
    public async Task<TeamFiles> ReadVersionedAsync(CancellationToken cancellationToken)
    {
        var commit = await gitLab.GetCommitIdAsync(source.Project, source.Ref, cancellationToken);
        return new TeamFiles(await ReadAtAsync(commit, cancellationToken), commit);
    }

    private async Task<IReadOnlyList<TeamFile>> ReadAtAsync(string? gitRef, CancellationToken cancellationToken)
    {
        if (source.IsSingleFile)
        {
            var text = await gitLab.GetRawFileAsync(source.Project, source.Path, gitRef, cancellationToken);
            return [new TeamFile(source.Path, text)];
        }

        var tree = await gitLab.ListTreeAsync(source.Project, source.Path, gitRef, cancellationToken);
        var paths = tree
            .Where(e => e.IsFile && GitLabTeamSource.IsYaml(e.Path))
            .Select(e => e.Path)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (paths.Count == 0)
        {
            throw new InvalidOperationException($"{Description}: the folder holds no .yaml or .yml file.");
        }

        var files = new List<TeamFile>(paths.Count);
        foreach (var path in paths)
        {
            files.Add(new TeamFile(path, await gitLab.GetRawFileAsync(source.Project, path, gitRef, cancellationToken)));
        }

        return files;
    }
}
