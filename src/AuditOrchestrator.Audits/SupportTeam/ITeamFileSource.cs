namespace AuditOrchestrator.Audits.SupportTeam;

/// <summary>Where the support-team YAML files come from: a local file or folder, or a GitLab repository.</summary>
public interface ITeamFileSource
{
    /// <summary>Human-readable origin for error messages, e.g. "data/team" or "gitlab:group/project:data/team@main".</summary>
    string Description { get; }

    /// <summary>Every YAML file of the source: one support-team.yaml, or one file per person.</summary>
    Task<IReadOnlyList<TeamFile>> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Every YAML file and the git commit they were read at; a source that is no repository gives no commit.</summary>
    async Task<TeamFiles> ReadVersionedAsync(CancellationToken cancellationToken) => new(await ReadAllAsync(cancellationToken), null);
}

/// <summary>One YAML file's path (as shown in errors) and text.</summary>
public sealed record TeamFile(string Path, string Content);
