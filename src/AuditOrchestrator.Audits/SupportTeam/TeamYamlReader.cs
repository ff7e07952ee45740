using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace AuditOrchestrator.Audits.SupportTeam;

/// <summary>
/// Reads person entries from YAML nodes. What makes a person unusable (no name, no email, not a mapping) is an error
/// and the person is left out; a field of the wrong shape is a warning and the field is ignored. Both read
/// "file:line: field 'x': problem".
/// </summary>
internal sealed class TeamYamlReader(string file, List<string> errors, List<string> warnings)
{
    public TeamMember? ReadPerson(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, null, "expected a person (a mapping of fields); this entry is left out");
            return null;
        }

        var name = Required(map, "name");
        var email = Required(map, "email");
        if (name is null || email is null)
        {
            return null;
        }

        return new TeamMember
        {
            Name = name,
            Email = email,
            Title = String(map, "title"),
            ReportsTo = String(map, "reports_to"),
            Region = String(map, "region"),
            Calendly = String(map, "calendly"),
            PagerDuty = Map(map, "pagerduty") is { } pd
                ? new PagerDutyEntry(String(pd, "id", "pagerduty."), StringList(pd, "rotations", "pagerduty."))
                : null,
            ZendeskMain = Zendesk(map, "main"),
            ZendeskUsFederal = Zendesk(map, "us-federal"),
            GitLab = Map(map, "gitlab") is { } gl
                ? new GitLabEntry(Long(gl, "id", "gitlab."), String(gl, "username", "gitlab.")?.TrimStart('@'))
                : null,
            Slack = Map(map, "slack") is { } sl
                ? new SlackEntry(String(sl, "id", "slack."), String(sl, "username", "slack."))
                : null,
            Origin = $"{file}:{Line(map)}",
            FieldOrigins = FieldOrigins(map),
        };
    }

    /// <summary>A field every person needs: missing, empty or not text is an error that leaves the person out.</summary>
    private string? Required(YamlMappingNode map, string key)
    {
        var node = Child(map, key);
        if (node is YamlScalarNode scalar && !IsNull(node) && !string.IsNullOrWhiteSpace(scalar.Value))
        {
            return scalar.Value;
        }

        var problem = node is null or YamlScalarNode ? $"missing: every person needs {(key == "email" ? "an" : "a")} {key}" : "expected a string";
        Error(node ?? map, key, $"{problem}; this person is left out");
        return null;
    }

    private Dictionary<string, string> FieldOrigins(YamlMappingNode person)
    {
        var origins = new Dictionary<string, string>();
        if (Child(person, "reports_to") is { } reportsTo)
        {
            origins["reports_to"] = $"{file}:{Line(reportsTo)}";
        }

        if (Child(person, "gitlab") is YamlMappingNode gitlab && Child(gitlab, "username") is { } username)
        {
            origins["gitlab.username"] = $"{file}:{Line(username)}";
        }

        return origins;
    }

    private ZendeskEntry? Zendesk(YamlMappingNode person, string instance)
    {
        if (Map(person, "zendesk") is not { } zendesk || Map(zendesk, instance, "zendesk.") is not { } section)
        {
            return null;
        }

        var prefix = $"zendesk.{instance}.";
        return new ZendeskEntry(Long(section, "id", prefix), StringList(section, "groups", prefix), String(section, "role", prefix));
    }

    public static int Line(YamlNode node) => (int)node.Start.Line;

    public void Error(YamlNode node, string? field, string problem) => errors.Add(Text(node, field, problem));

    private void Warn(YamlNode node, string field, string problem) => warnings.Add(Text(node, field, $"{problem}; the field is ignored"));

    private string Text(YamlNode node, string? field, string problem) =>
        field is null ? $"{file}:{Line(node)}: {problem}" : $"{file}:{Line(node)}: field '{field}': {problem}";

    private static YamlNode? Child(YamlMappingNode map, string key)
    {
        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && name == key)
            {
                return v;
            }
        }

        return null;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: not YamlDotNet.Core.ScalarStyle.SingleQuoted and not YamlDotNet.Core.ScalarStyle.DoubleQuoted } s
        && (s.Value is null or "" or "~" or "null");

    private string? String(YamlMappingNode map, string key, string prefix = "")
    {
        var node = Child(map, key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return scalar.Value;
        }

        Warn(node, prefix + key, "expected a string");
        return null;
    }

    private long? Long(YamlMappingNode map, string key, string prefix)
    {
        var text = String(map, key, prefix);
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Warn(Child(map, key)!, prefix + key, $"expected an integer, found '{text}'");
        return null;
    }

    private YamlMappingNode? Map(YamlMappingNode map, string key, string prefix = "")
    {
        var node = Child(map, key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is YamlMappingNode child)
        {
            return child;
        }

        Warn(node, prefix + key, "expected a mapping");
        return null;
    }

    private List<string> StringList(YamlMappingNode map, string key, string prefix)
    {
        var node = Child(map, key);
        if (node is null || IsNull(node))
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            Warn(node, prefix + key, "expected a list of strings");
            return [];
        }

        var items = new List<string>();
        foreach (var item in sequence)
        {
            if (item is YamlScalarNode { Value: { } value } && !IsNull(item))
            {
                items.Add(value);
            }
            else
            {
                Warn(item, prefix + key, "expected a list of strings");
            }
        }

        return items;
    }
}
