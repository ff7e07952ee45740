using AuditOrchestrator.Audits.Registry;
using Microsoft.Extensions.Configuration;

namespace AuditOrchestrator.Audits.SupportTeam;

/// <summary>
/// Turns a <c>SupportTeam__Source</c> value into a file source, or returns null when it is not its kind.
/// Register one per kind (the GitLab integration registers one for <c>gitlab:</c>); local paths are the fallback.
/// </summary>
public delegate ITeamFileSource? TeamSourceFactory(string source);

/// <summary>
/// Finds the team data named by <c>SupportTeam__Source</c> and loads it with the per-person fields the registered
/// audits declare (none in a host that registers no audit, such as the audit-record collector alone).
/// </summary>
public sealed class TeamSourceResolver(IEnumerable<TeamSourceFactory> factories, IConfiguration configuration, IEnumerable<AuditDescriptor> audits)
{
    public const string ConfigKey = "SupportTeam:Source";

    private readonly IReadOnlyList<TeamField> fields = new AuditCatalog(audits).TeamFields;

    public ITeamFileSource Resolve()
    {
        var source = configuration[ConfigKey];
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new TeamDataException("(not configured)", ["SupportTeam__Source is not set: give a support-team.yaml, a folder, or gitlab:<project>:<path>@<ref>"]);
        }

        foreach (var factory in factories)
        {
            if (factory(source) is { } found)
            {
                return found;
            }
        }

        if (source.StartsWith("gitlab:", StringComparison.OrdinalIgnoreCase))
        {
            throw new TeamDataException(source, [$"{source}: gitlab: sources need the GitLab integration, which is not registered"]);
        }

        return new LocalTeamFiles(source);
    }

    public Task<SupportTeam> LoadAsync(CancellationToken cancellationToken) => SupportTeamLoader.LoadAsync(Resolve(), fields, cancellationToken);
}
