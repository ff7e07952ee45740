using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using AuditOrchestrator.Engine.Activities;

namespace AuditOrchestrator.Engine.Definitions;

/// <summary>One definition file: its path, the SHA-256 of its bytes (lower-case hex) and what parsing it gave.</summary>
public sealed record DefinitionFile(string Path, string Sha256, DefinitionParseResult Result);

/// <summary>
/// The definition files of a directory (<c>*.yaml</c>, <c>*.yml</c>, not recursive, in ordinal name order).
/// A bad file never keeps the others from loading. Across files, an id used twice and a FanOut naming a child
/// definition that is not there are errors of the file that does it.
/// </summary>
public sealed class DefinitionCatalog
{
    private readonly ImmutableDictionary<string, WorkflowDefinition> _byId;

    private DefinitionCatalog(ImmutableArray<DefinitionFile> files)
    {
        Files = files;
        Definitions = [.. files.Where(f => f.Result.IsValid).Select(f => f.Result.Definition!)];
        _byId = Definitions.ToImmutableDictionary(d => d.Id, StringComparer.Ordinal);
    }

    public ImmutableArray<DefinitionFile> Files { get; }

    /// <summary>The valid definitions, in file order.</summary>
    public ImmutableArray<WorkflowDefinition> Definitions { get; }

    public IEnumerable<DefinitionError> Errors => Files.SelectMany(f => f.Result.Errors);

    public bool TryGet(string id, [NotNullWhen(true)] out WorkflowDefinition? definition) => _byId.TryGetValue(id, out definition);

    public static DefinitionCatalog LoadDirectory(string directory, ActivityRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(registry);
        var paths = Directory.EnumerateFiles(directory)
            .Where(p => p.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        return FromFiles(paths.Select(p => LoadFile(p, registry)));
    }

    public static DefinitionFile LoadFile(string path, ActivityRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var error = new DefinitionError(path, 1, 1, "", $"cannot read the file: {e.Message}");
            return new DefinitionFile(path, "", new DefinitionParseResult(path, null, [error]));
        }
        return FromBytes(path, bytes, registry);
    }

    /// <summary>A file's bytes as the catalog sees them: hashed as they are, read as UTF-8 (a BOM is allowed).</summary>
    public static DefinitionFile FromBytes(string path, byte[] bytes, ActivityRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetString(bytes);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }
        return new DefinitionFile(path, hash, DefinitionParser.Parse(path, text, registry));
    }

    /// <summary>A catalog of already loaded files, with the checks that span files applied.</summary>
    public static DefinitionCatalog FromFiles(IEnumerable<DefinitionFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var loaded = files.ToList();
        var firstById = new Dictionary<string, DefinitionFile>(StringComparer.Ordinal);
        for (var i = 0; i < loaded.Count; i++)
        {
            if (loaded[i].Result.Definition is { } definition && !firstById.TryAdd(definition.Id, loaded[i]))
            {
                loaded[i] = Reject(loaded[i], "id", $"definition id '{definition.Id}' is already used by {firstById[definition.Id].Path}");
            }
        }
        for (var i = 0; i < loaded.Count; i++)
        {
            if (loaded[i].Result.Definition is not { } definition)
            {
                continue;
            }
            for (var s = 0; s < definition.Steps.Length; s++)
            {
                var step = definition.Steps[s];
                foreach (var child in step.ChildDefinitionIds().Where(child => !firstById.ContainsKey(child)))
                {
                    var setting = step.Activity == BuiltInActivities.Branches ? "definitions" : "definition";
                    loaded[i] = Reject(loaded[i], $"steps[{s}].settings.{setting}",
                        $"child definition '{child}' is not among the valid definitions of this directory");
                }
            }
        }
        return new DefinitionCatalog([.. loaded]);
    }

    // Cross-file errors have no line of their own: they point at the top of the file, and the field says where.
    private static DefinitionFile Reject(DefinitionFile file, string field, string message)
    {
        var error = new DefinitionError(file.Path, 1, 1, field, message);
        return file with { Result = new DefinitionParseResult(file.Path, null, [.. file.Result.Errors, error]) };
    }
}
