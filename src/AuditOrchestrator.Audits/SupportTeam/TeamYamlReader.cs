using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace AuditOrchestrator.Audits.SupportTeam;

/// <summary>
/// Reads person entries from YAML nodes. What makes a person unusable (no name, no email, not a mapping) is an error
/// and the person is left out; a field of the wrong shape is a warning and the field is ignored. Both read
/// "file:line: field 'x': problem". Per-tool account fields are the ones the registered audits declare
/// (<see cref="TeamField"/>), read after <c>region</c> in the audits' registration order.
/// </summary>
internal sealed class TeamYamlReader(string file, IReadOnlyList<TeamField> fields, List<string> errors, List<string> warnings)
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
            Accounts = Accounts(map),
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

    /// <summary>The declared fields this person has, each read by its audit's parser; absent or null values are skipped.</summary>
    private Dictionary<TeamField, object> Accounts(YamlMappingNode person)
    {
        var accounts = new Dictionary<TeamField, object>();
        foreach (var field in fields)
        {
            if (Child(person, field.Key) is { } node && !IsNull(node) && field.Read(new TeamYamlValue(this, node, field.Key)) is { } entry)
            {
                accounts[field] = entry;
            }
        }

        return accounts;
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

    internal string? String(YamlMappingNode map, string key, string prefix = "")
    {
        var node = Child(map, key);
        return node is null || IsNull(node) ? null : AsString(node, prefix + key);
    }

    internal string? AsString(YamlNode node, string field)
    {
        if (node is YamlScalarNode scalar)
        {
            return scalar.Value;
        }

        Warn(node, field, "expected a string");
        return null;
    }

    internal long? Long(YamlMappingNode map, string key, string prefix)
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

    internal YamlMappingNode? Map(YamlMappingNode map, string key, string prefix = "")
    {
        var node = Child(map, key);
        return node is null || IsNull(node) ? null : AsMap(node, prefix + key);
    }

    internal YamlMappingNode? AsMap(YamlNode node, string field)
    {
        if (node is YamlMappingNode map)
        {
            return map;
        }

        Warn(node, field, "expected a mapping");
        return null;
    }

    internal List<string> StringList(YamlMappingNode map, string key, string prefix)
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
