using AuditOrchestrator.Engine.Activities;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AuditOrchestrator.Engine.Definitions;

/// <summary>
/// Writes a definition in the file format, canonically: fields in a fixed order, optional fields left out when unset.
/// <see cref="DefinitionParser"/> reads the result back to an equal definition.
/// </summary>
public static class YamlExporter
{
    /// <summary>
    /// Without a registry every setting is written, sorted by name. With one, settings follow the activity's order and
    /// those equal to the activity's default are left out (the parser puts them back), which reads like a hand-written file.
    /// </summary>
    public static string Export(WorkflowDefinition definition, ActivityRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var text = new StringWriter { NewLine = "\n" };
        var emitter = new Emitter(text, new EmitterSettings().WithIndentedSequences());
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        emitter.Emit(new MappingStart());
        Field(emitter, "id", definition.Id);
        Field(emitter, "name", definition.Name);
        if (definition.Description is not null)
        {
            Field(emitter, "description", definition.Description);
        }
        Field(emitter, "start", definition.Start);
        Key(emitter, "steps");
        emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, SequenceStyle.Block));
        foreach (var step in definition.Steps)
        {
            ActivityDescriptor? activity = null;
            registry?.TryGet(step.Activity, out activity);
            Step(emitter, step, activity);
        }
        emitter.Emit(new SequenceEnd());
        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Step(IEmitter emitter, StepDefinition step, ActivityDescriptor? activity)
    {
        emitter.Emit(new MappingStart());
        Field(emitter, "id", step.Id);
        Field(emitter, "activity", step.Activity);
        Field(emitter, "level", step.Level == StepLevel.Item ? "item" : "audit");
        if (step.Label is not null)
        {
            Field(emitter, "label", step.Label);
        }
        var settings = Settings(step, activity);
        if (settings.Count > 0)
        {
            Key(emitter, "settings");
            emitter.Emit(new MappingStart());
            foreach (var (name, value) in settings)
            {
                Key(emitter, name);
                Value(emitter, value);
            }
            emitter.Emit(new MappingEnd());
        }
        if (!step.Next.IsDefaultOrEmpty)
        {
            Key(emitter, "next");
            emitter.Emit(new MappingStart());
            foreach (var transition in step.Next)
            {
                Field(emitter, transition.Outcome, transition.To);
            }
            emitter.Emit(new MappingEnd());
        }
        emitter.Emit(new MappingEnd());
    }

    private static List<KeyValuePair<string, SettingValue>> Settings(StepDefinition step, ActivityDescriptor? activity)
    {
        if (activity is null)
        {
            return [.. step.Settings];
        }
        var order = activity.Settings.Select((setting, i) => (setting.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        return [.. step.Settings
            .Where(kv => activity.FindSetting(kv.Key)?.Default is not { } fallback || !fallback.Equals(kv.Value))
            .OrderBy(kv => order.GetValueOrDefault(kv.Key, int.MaxValue))
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)];
    }

    private static void Value(IEmitter emitter, SettingValue value)
    {
        switch (value.Type)
        {
            case SettingType.StringList:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, SequenceStyle.Block));
                foreach (var item in value.AsStringList())
                {
                    Text(emitter, item);
                }
                emitter.Emit(new SequenceEnd());
                break;
            case SettingType.Int or SettingType.Bool:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value.ToString(), ScalarStyle.Plain, true, false));
                break;
            case SettingType.Duration:
                // Quoted: YAML 1.1 readers take an unquoted 00:05:00 for a base-60 number.
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value.ToString(), ScalarStyle.DoubleQuoted, false, true));
                break;
            default:
                Text(emitter, value.ToString());
                break;
        }
    }

    private static void Key(IEmitter emitter, string key) => Text(emitter, key);

    private static void Field(IEmitter emitter, string key, string value)
    {
        Key(emitter, key);
        Text(emitter, value);
    }

    /// <summary>
    /// Text as the emitter finds best, but quoted when plain text would read back as "no value" (to us) or as a
    /// boolean (to YAML 1.1 tools: yes, no, on, off).
    /// </summary>
    private static void Text(IEmitter emitter, string value)
    {
        var quote = value.ToLowerInvariant() is "" or "~" or "null" or "yes" or "no" or "y" or "n" or "on" or "off" or "true" or "false";
        var style = quote ? ScalarStyle.DoubleQuoted : ScalarStyle.Any;
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, style, !quote, true));
    }
}
