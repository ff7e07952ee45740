using YamlDotNet.RepresentationModel;

namespace AuditOrchestrator.Tests.Deploy;

internal static class YamlFiles
{
    /// <summary>Every document of a (possibly multi-document) YAML file; throws on a syntax error.</summary>
    public static IReadOnlyList<YamlMappingNode> Load(string relative)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(RepoFiles.Read(relative)))
        {
            stream.Load(reader);
        }
        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    public static YamlNode? Get(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlMappingNode Map(this YamlMappingNode node, string key) =>
        node.Get(key) as YamlMappingNode ?? throw new AssertionException($"'{key}' is not a mapping at {node.Start}.");

    public static YamlSequenceNode Seq(this YamlMappingNode node, string key) =>
        node.Get(key) as YamlSequenceNode ?? throw new AssertionException($"'{key}' is not a sequence at {node.Start}.");

    public static string? Text(this YamlMappingNode node, string key) => (node.Get(key) as YamlScalarNode)?.Value;

    public static YamlMappingNode? Path(this YamlMappingNode node, params string[] keys)
    {
        YamlMappingNode? current = node;
        foreach (var key in keys)
        {
            current = current?.Get(key) as YamlMappingNode;
        }
        return current;
    }

    public static IEnumerable<YamlMappingNode> Maps(this YamlSequenceNode node) => node.Children.OfType<YamlMappingNode>();

    public static IReadOnlyDictionary<string, string> Strings(this YamlMappingNode node) =>
        node.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => (c.Value as YamlScalarNode)?.Value ?? "", StringComparer.Ordinal);
}
