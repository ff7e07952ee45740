namespace AuditOrchestrator.Audits.SupportTeam;

/// <summary>Team data on the local disk: one support-team.yaml, or a folder of one YAML file per person.</summary>
public sealed class LocalTeamFiles(string path) : ITeamFileSource
{
    public string Description => path;

    /// <summary>The files, and the HEAD commit when the path lies in a git checkout (local edits show in the files' hashes).</summary>
    public async Task<TeamFiles> ReadVersionedAsync(CancellationToken cancellationToken) =>
        new(await ReadAllAsync(cancellationToken), GitCheckout.HeadCommit(path));

    public async Task<IReadOnlyList<TeamFile>> ReadAllAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            return [new TeamFile(path, await File.ReadAllTextAsync(path, cancellationToken))];
        }

        if (!Directory.Exists(path))
        {
            throw new TeamDataException(path, [$"{path}: no such file or folder"]);
        }

        var files = Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        var result = new List<TeamFile>();
        foreach (var file in files)
        {
            result.Add(new TeamFile(file, await File.ReadAllTextAsync(file, cancellationToken)));
        }

        return result;
    }
}
