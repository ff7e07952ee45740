using AuditOrchestrator.Integrations.SupportTeam;

namespace AuditOrchestrator.Integrations.GitLab;

/// <summary>
/// The support-team YAML read from a GitLab repository: one file, or every .yaml/.yml file under a folder
/// (found through the repository tree, all pages, then read raw one by one, in path order).
/// </summary>
public sealed class GitLabTeamFiles(GitLabClient gitLab, GitLabTeamSource source) : ITeamFileSource
{
    public string Description => source.ToString();

    public async Task<IReadOnlyList<TeamFile>> ReadAllAsync(CancellationToken cancellationToken)
    {
        if (source.IsSingleFile)
        {
            var text = await gitLab.GetRawFileAsync(source.Project, source.Path, source.Ref, cancellationToken);
            return [new TeamFile(source.Path, text)];
        }

        var tree = await gitLab.ListTreeAsync(source.Project, source.Path, source.Ref, cancellationToken);
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
            files.Add(new TeamFile(path, await gitLab.GetRawFileAsync(source.Project, path, source.Ref, cancellationToken)));
        }

        return files;
    }
}
