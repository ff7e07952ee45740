using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AuditOrchestrator.Audits.SupportTeam;

/// <summary>
/// Loads the team data as people edit it by hand. Only what makes a person unusable (no name or email, a file that
/// is not YAML, a GitLab username someone else has) is an error, and it leaves out that person or file alone; odd
/// values (a <c>reports_to</c> naming nobody on the team, a field of the wrong shape) are warnings. The load fails
/// only when no usable person is left. Of the tools' per-person fields, only <paramref name="fields"/> (what the
/// registered audits declare, <c>AuditCatalog.TeamFields</c>) are read.
/// </summary>
public static class SupportTeamLoader
{
    public static async Task<SupportTeam> LoadAsync(ITeamFileSource source, IReadOnlyList<TeamField> fields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var read = await source.ReadVersionedAsync(cancellationToken);
        return Parse(source.Description, read.Files, fields, read.Commit);
    }

    public static SupportTeam Parse(string description, IReadOnlyList<TeamFile> files, IReadOnlyList<TeamField> fields, string? commit = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(fields);
        var errors = new List<string>();
        var warnings = new List<string>();
        var members = new List<TeamMember>();
        foreach (var file in files)
        {
            members.AddRange(ReadFile(file, fields, errors, warnings));
        }

        if (files.Count == 0)
        {
            errors.Add($"{description}: no YAML files");
        }

        members = WithoutDuplicateUsernames(members, errors);
        if (members.Count == 0)
        {
            throw new TeamDataException(description, errors.Count > 0 ? errors : [$"{description}: no person in the team data"]);
        }

        var managers = TeamManagers.Resolve(members, warnings);
        return new SupportTeam(members, managers, errors, warnings) { Version = TeamDataVersion.Of(description, commit, files) };
    }

    private static List<TeamMember> ReadFile(TeamFile file, IReadOnlyList<TeamField> fields, List<string> errors, List<string> warnings)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(file.Content));
        }
        catch (YamlException e)
        {
            errors.Add($"{file.Path}:{e.Start.Line}: invalid YAML: {e.Message}; the people of this file are left out");
            return [];
        }

        var reader = new TeamYamlReader(file.Path, fields, errors, warnings);
        var members = new List<TeamMember>();
        foreach (var document in stream.Documents)
        {
            var nodes = document.RootNode switch
            {
                YamlSequenceNode list => list.Children,
                YamlMappingNode person => [person],
                YamlScalarNode { Value: null or "" } => [],
                var other => Invalid(other),
            };
            foreach (var node in nodes)
            {
                if (reader.ReadPerson(node) is { } member)
                {
                    members.Add(member);
                }
            }
        }

        return members;

        IList<YamlNode> Invalid(YamlNode node)
        {
            reader.Error(node, null, "expected a list of people or one person; the file is left out");
            return [];
        }
    }

    /// <summary>A username identifies a person in GitLab: the first entry keeps it, every later one is left out.</summary>
    private static List<TeamMember> WithoutDuplicateUsernames(List<TeamMember> members, List<string> errors)
    {
        var kept = new List<TeamMember>(members.Count);
        var owners = new Dictionary<string, TeamMember>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in members)
        {
            if (member.GitLab?.Username is { } username && !owners.TryAdd(username, member))
            {
                var first = owners[username];
                errors.Add($"{member.OriginOf("gitlab.username")}: field 'gitlab.username': '{username}' is also used by {first.Name} ({first.Origin}); {member.Name} is left out");
                continue;
            }

            kept.Add(member);
        }

        return kept;
    }
}
