using System.Collections.Immutable;
using AuditOrchestrator.Engine.Activities;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AuditOrchestrator.Engine.Definitions;

/// <summary>
/// Reads one definition file. Shape problems (YAML syntax, wrong node kinds, unknown fields, values of the wrong type)
/// are found while reading; the rules of <see cref="DefinitionValidator"/> are then checked on what was read, and
/// every error gets the line of the field it is about. All errors are collected, not just the first.
/// </summary>
public static partial class DefinitionParser
{
    private static readonly string[] RootFields = ["id", "name", "description", "start", "steps"];

    public static DefinitionParseResult Parse(string path, string yamlText, ActivityRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(registry);
        var reader = new Reader(path, registry);

        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(yamlText));
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException e)
        {
            reader.Error(e.Start, "", $"YAML syntax error: {Describe(e)}");
            return reader.Result(null);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet fails this way, without a mark, on some unterminated flow collections; the scanner knows where it stopped.
            reader.Error(scanner.CurrentPosition, "", "YAML syntax error: unexpected end of a [list] or {mapping}; is a bracket left open?");
            return reader.Result(null);
        }

        if (stream.Documents.Count == 0)
        {
            reader.Error(new Mark(), "", "the file is empty");
            return reader.Result(null);
        }
        if (stream.Documents.Count > 1)
        {
            reader.Error(stream.Documents[1].RootNode.Start, "", "a file holds one definition: found more than one YAML document");
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            reader.Error(stream.Documents[0].RootNode.Start, "", "a definition is a mapping with id, name, start and steps");
            return reader.Result(null);
        }

        var definition = reader.ReadDefinition(root);
        reader.AddRuleErrors(DefinitionValidator.Validate(definition, registry, path));
        return reader.Result(definition);
    }

    // YamlDotNet wraps the cause of some errors ("while parsing a block mapping") around a more precise inner one.
    private static string Describe(YamlException e) =>
        e.InnerException is YamlException inner ? $"{e.Message} ({inner.Message})" : e.Message;

    private sealed partial class Reader(string path, ActivityRegistry registry)
    {
        private readonly List<DefinitionError> _errors = [];
        private readonly HashSet<string> _reportedFields = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Mark> _positions = new(StringComparer.Ordinal) { [""] = new Mark() };

        public void Error(Mark at, string field, string message)
        {
            _errors.Add(new DefinitionError(path, Line(at), Column(at), field, message));
            _reportedFields.Add(field);
        }

        /// <summary>
        /// Rule errors land on their field's line. A field the reader already reported, or one inside it (a required
        /// setting of a <c>settings</c> that is not a mapping), is not reported again.
        /// </summary>
        public void AddRuleErrors(IEnumerable<DefinitionError> errors)
        {
            foreach (var error in errors.Where(e => !IsReported(e.Field)))
            {
                var at = Locate(error.Field);
                _errors.Add(error with { Line = Line(at), Column = Column(at) });
            }
        }

        public DefinitionParseResult Result(WorkflowDefinition? definition)
        {
            var errors = _errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToImmutableArray();
            return errors.IsEmpty && definition is not null
                ? new DefinitionParseResult(path, definition.WithDefaults(registry), [])
                : new DefinitionParseResult(path, null, errors);
        }

        public WorkflowDefinition ReadDefinition(YamlMappingNode root)
        {
            _positions[""] = root.Start;
            string? id = null, name = null, description = null, start = null;
            var steps = ImmutableArray<StepDefinition>.Empty;
            foreach (var (field, value) in Entries(root, "", RootFields))
            {
                switch (field)
                {
                    case "id": id = Scalar(value, "id"); break;
                    case "name": name = Scalar(value, "name"); break;
                    case "description": description = Scalar(value, "description"); break;
                    case "start": start = Scalar(value, "start"); break;
                    case "steps": steps = ReadSteps(value); break;
                }
            }
            return new WorkflowDefinition(id ?? "", name ?? "", description, start ?? "", steps);
        }

        /// <summary>The entries of a mapping with scalar keys, recording where each field is; unknown keys are errors.</summary>
        private IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode mapping, string prefix, string[]? allowed)
        {
            foreach (var (keyNode, value) in mapping.Children)
            {
                if (keyNode is not YamlScalarNode { Value: { } key })
                {
                    Error(keyNode.Start, prefix, "keys must be plain text");
                    continue;
                }
                var field = prefix.Length == 0 ? key : $"{prefix}.{key}";
                _positions.TryAdd(field, keyNode.Start);
                if (allowed is not null && !allowed.Contains(key, StringComparer.Ordinal))
                {
                    Error(keyNode.Start, field, $"unknown field '{key}' (expected one of {string.Join(", ", allowed)})");
                    continue;
                }
                yield return (key, value);
            }
        }

        /// <summary>The text of a scalar, or null (with an error) for a list or mapping. An empty value reads as null.</summary>
        private string? Scalar(YamlNode node, string field)
        {
            if (node is not YamlScalarNode scalar)
            {
                Error(node.Start, field, "expected a single value, not a list or mapping");
                return null;
            }
            return IsNull(scalar) ? null : scalar.Value;
        }

        private static bool IsNull(YamlScalarNode scalar) =>
            scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

        private bool IsReported(string field)
        {
            for (; field.Length > 0; field = Parent(field))
            {
                if (_reportedFields.Contains(field))
                {
                    return true;
                }
            }
            return false;
        }

        private static string Parent(string field) => field.LastIndexOfAny(['.', '[']) is var cut and >= 0 ? field[..cut] : "";

        /// <summary>Where a field is, or else the nearest enclosing field that is in the file.</summary>
        private Mark Locate(string field)
        {
            for (; ; field = Parent(field))
            {
                if (_positions.TryGetValue(field, out var mark))
                {
                    return mark;
                }
            }
        }

        // YamlDotNet marks are 1-based; the empty Mark (an error before any node) is 0, shown as line 1.
        private static int Line(Mark mark) => Math.Max(1, (int)mark.Line);

        private static int Column(Mark mark) => Math.Max(1, (int)mark.Column);
    }
}
