using System.Collections.Immutable;
using AuditOrchestrator.Engine.Activities;
using YamlDotNet.RepresentationModel;

namespace AuditOrchestrator.Engine.Definitions;

public static partial class DefinitionParser
{
    private static readonly string[] StepFields = ["id", "activity", "level", "label", "settings", "next"];

    private sealed partial class Reader
    {
        private ImmutableArray<StepDefinition> ReadSteps(YamlNode node)
        {
            if (node is not YamlSequenceNode sequence)
            {
                Error(node.Start, "steps", "expected a list of steps");
                return [];
            }
            var steps = ImmutableArray.CreateBuilder<StepDefinition>();
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                var item = sequence.Children[i];
                var at = $"steps[{i}]";
                _positions.TryAdd(at, item.Start);
                if (item is not YamlMappingNode mapping)
                {
                    Error(item.Start, at, "a step is a mapping with id, activity, level and next");
                    // An empty stand-in keeps the indexes of the rule errors equal to the file's.
                    steps.Add(new StepDefinition("", "", StepLevel.Audit, null, ImmutableSortedDictionary<string, SettingValue>.Empty, []));
                    continue;
                }
                steps.Add(ReadStep(mapping, at));
            }
            return steps.ToImmutable();
        }

        private StepDefinition ReadStep(YamlMappingNode mapping, string at)
        {
            string? id = null, activity = null, label = null;
            StepLevel? level = null;
            YamlNode? settingsNode = null;
            var next = ImmutableArray<Transition>.Empty;
            foreach (var (field, value) in Entries(mapping, at, StepFields))
            {
                switch (field)
                {
                    case "id": id = Scalar(value, $"{at}.id"); break;
                    case "activity": activity = Scalar(value, $"{at}.activity"); break;
                    case "label": label = Scalar(value, $"{at}.label"); break;
                    case "level": level = ReadLevel(value, $"{at}.level"); break;
                    case "settings": settingsNode = value; break;
                    case "next": next = ReadNext(value, $"{at}.next"); break;
                }
            }
            if (level is null && !_reportedFields.Contains($"{at}.level"))
            {
                Error(mapping.Start, $"{at}.level", "a level is required: audit or item");
            }
            // Settings are read last: their types come from the activity, wherever it stands in the mapping.
            registry.TryGet(activity ?? "", out var descriptor);
            var settings = settingsNode is null
                ? ImmutableSortedDictionary.Create<string, SettingValue>(StringComparer.Ordinal)
                : ReadSettings(settingsNode, $"{at}.settings", descriptor);
            return new StepDefinition(id ?? "", activity ?? "", level ?? StepLevel.Audit, label, settings, next);
        }

        private StepLevel? ReadLevel(YamlNode node, string field)
        {
            switch (Scalar(node, field))
            {
                case "audit": return StepLevel.Audit;
                case "item": return StepLevel.Item;
                case null when _reportedFields.Contains(field): return null;
                case var other:
                    Error(node.Start, field, $"level must be audit or item, got '{other}'");
                    return null;
            }
        }

        private ImmutableArray<Transition> ReadNext(YamlNode node, string field)
        {
            if (node is YamlScalarNode scalar && IsNull(scalar))
            {
                return [];
            }
            if (node is not YamlMappingNode mapping)
            {
                Error(node.Start, field, "expected a mapping of outcome: next step");
                return [];
            }
            var transitions = ImmutableArray.CreateBuilder<Transition>();
            foreach (var (outcome, value) in Entries(mapping, field, allowed: null))
            {
                transitions.Add(new Transition(outcome, Scalar(value, $"{field}.{outcome}") ?? ""));
            }
            return transitions.ToImmutable();
        }

        /// <summary>
        /// Settings as typed values. Nested mappings are flattened with dots, so <c>retry: {maxAttempts: 3}</c> and
        /// <c>retry.maxAttempts: 3</c> are the same setting. Without a known activity the values are kept as text,
        /// and the validator reports the activity.
        /// </summary>
        private ImmutableSortedDictionary<string, SettingValue> ReadSettings(YamlNode node, string field, ActivityDescriptor? activity)
        {
            var settings = ImmutableSortedDictionary.CreateBuilder<string, SettingValue>(StringComparer.Ordinal);
            if (node is YamlScalarNode scalar && IsNull(scalar))
            {
                return settings.ToImmutable();
            }
            if (node is not YamlMappingNode mapping)
            {
                Error(node.Start, field, "expected a mapping of setting: value");
                return settings.ToImmutable();
            }
            ReadSettings(mapping, field, "", activity, settings);
            return settings.ToImmutable();
        }

        private void ReadSettings(
            YamlMappingNode mapping, string field, string namePrefix, ActivityDescriptor? activity,
            ImmutableSortedDictionary<string, SettingValue>.Builder settings)
        {
            foreach (var (key, value) in Entries(mapping, field, allowed: null))
            {
                var name = namePrefix + key;
                var at = $"{field}.{key}";
                if (value is YamlMappingNode nested && activity?.FindSetting(name) is null)
                {
                    ReadSettings(nested, at, name + ".", activity, settings);
                    continue;
                }
                if (!settings.ContainsKey(name) && ReadSetting(value, at, activity?.FindSetting(name)) is { } setting)
                {
                    settings.Add(name, setting);
                }
                else if (settings.ContainsKey(name))
                {
                    Error(value.Start, at, $"setting '{name}' is given twice");
                }
            }
        }

        private SettingValue? ReadSetting(YamlNode node, string field, SettingDescriptor? descriptor)
        {
            // Unknown settings keep their text so that the validator names them.
            var type = descriptor?.Type ?? (node is YamlSequenceNode ? SettingType.StringList : SettingType.String);
            if (type == SettingType.StringList)
            {
                if (node is not YamlSequenceNode sequence)
                {
                    Error(node.Start, field, "expected a list of strings");
                    return null;
                }
                var items = new List<string>();
                foreach (var item in sequence.Children)
                {
                    if (item is not YamlScalarNode { Value: { } text })
                    {
                        Error(item.Start, field, "expected a list of strings, not nested lists or mappings");
                        return null;
                    }
                    items.Add(text);
                }
                return SettingValue.FromStringList(items);
            }
            if (node is not YamlScalarNode scalar)
            {
                Error(node.Start, field, $"expected {SettingValidator.Describe(type)}, not a list or mapping");
                return null;
            }
            if (IsNull(scalar))
            {
                Error(node.Start, field, "has no value");
                return null;
            }
            if (!SettingValue.TryParse(type, scalar.Value ?? "", out var value, out var error))
            {
                Error(node.Start, field, error!);
                return null;
            }
            return value;
        }
    }
}
