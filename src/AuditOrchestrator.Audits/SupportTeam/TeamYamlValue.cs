using YamlDotNet.RepresentationModel;

namespace AuditOrchestrator.Audits.SupportTeam;

/// <summary>
/// The value of a declared <see cref="TeamField"/> as a parser sees it. A value of the wrong shape is a warning
/// ("file:line: field 'x': problem; the field is ignored") and reads as null, as for every field of the team data.
/// </summary>
public sealed class TeamYamlValue
{
    private readonly TeamYamlReader reader;
    private readonly YamlNode node;
    private readonly string field;

    internal TeamYamlValue(TeamYamlReader reader, YamlNode node, string field)
    {
        this.reader = reader;
        this.node = node;
        this.field = field;
    }

    public string? AsString() => reader.AsString(node, field);

    public TeamYamlMapping? AsMapping() => reader.AsMap(node, field) is { } map ? new TeamYamlMapping(reader, map, field + ".") : null;
}

/// <summary>A mapping inside a declared field; each key read names its field by its full path, e.g. <c>zendesk.main.id</c>.</summary>
public sealed class TeamYamlMapping
{
    private readonly TeamYamlReader reader;
    private readonly YamlMappingNode map;
    private readonly string prefix;

    internal TeamYamlMapping(TeamYamlReader reader, YamlMappingNode map, string prefix)
    {
        this.reader = reader;
        this.map = map;
        this.prefix = prefix;
    }

    public string? String(string key) => reader.String(map, key, prefix);

    public long? Long(string key) => reader.Long(map, key, prefix);

    public IReadOnlyList<string> StringList(string key) => reader.StringList(map, key, prefix);

    public TeamYamlMapping? Mapping(string key) =>
        reader.Map(map, key, prefix) is { } child ? new TeamYamlMapping(reader, child, prefix + key + ".") : null;
}
