using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AuditOrchestrator.Integrations.SupportTeam;

/// <summary>Loads and validates the team data. Every problem is collected; any problem fails the load with all of them listed.</summary>
public static class SupportTeamLoader
{
    public static async Task<SupportTeam> LoadAsync(ITeamFileSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var files = await source.ReadAllAsync(cancellationToken);
        return Parse(source.Description, files);
    }

    public static SupportTeam Parse(string description, IReadOnlyList<TeamFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var errors = new List<string>();
        var members = new List<TeamMember>();
        foreach (var file in files)
        {
            members.AddRange(ReadFile(file, errors));
        }

        if (files.Count == 0)
        {
            errors.Add($"{description}: no YAML files");
        }

        CheckUniqueUsernames(members, errors);
        var managers = ResolveManagers(members, errors);
        if (errors.Count > 0)
        {
            throw new TeamDataException(description, errors);
        }

        return new SupportTeam(members, managers);
    }

    private static List<TeamMember> ReadFile(TeamFile file, List<string> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(file.Content));
        }
        catch (YamlException e)
        {
            errors.Add($"{file.Path}:{e.Start.Line}: invalid YAML: {e.Message}");
            return [];
        }

        var reader = new TeamYamlReader(file.Path, errors);
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
            reader.Error(node, null, "expected a list of people or one person");
            return [];
        }
    }

    private static void CheckUniqueUsernames(List<TeamMember> members, List<string> errors)
    {
        foreach (var group in members.Where(m => m.GitLab?.Username is not null)
                     .GroupBy(m => m.GitLab!.Username!, StringComparer.OrdinalIgnoreCase)
                     .Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var duplicate in group.Skip(1))
            {
                errors.Add($"{duplicate.OriginOf("gitlab.username")}: field 'gitlab.username': '{group.Key}' is also used by {first.Name} ({first.Origin})");
            }
        }
    }

    private static Dictionary<TeamMember, TeamMember> ResolveManagers(List<TeamMember> members, List<string> errors)
    {
        var byName = members.ToLookup(m => TeamText.NameKey(m.Name), StringComparer.Ordinal);
        var managers = new Dictionary<TeamMember, TeamMember>();
        foreach (var member in members.Where(m => !string.IsNullOrWhiteSpace(m.ReportsTo)))
        {
            var candidates = byName[TeamText.NameKey(member.ReportsTo)].ToList();
            if (candidates.Count == 1 && candidates[0] != member)
            {
                managers[member] = candidates[0];
            }
            else
            {
                var problem = candidates.Count switch
                {
                    0 => "no person with that name",
                    1 => "a person cannot report to themselves",
                    _ => $"{candidates.Count} people have that name",
                };
                errors.Add($"{member.OriginOf("reports_to")}: field 'reports_to': '{member.ReportsTo}': {problem}");
            }
        }

        return managers;
    }
}
