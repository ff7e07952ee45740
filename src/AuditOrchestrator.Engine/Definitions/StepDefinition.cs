using System.Collections.Immutable;
using AuditOrchestrator.Engine.Activities;

namespace AuditOrchestrator.Engine.Definitions;

/// <summary>
/// One step: an activity with its settings and outgoing edges. A step without edges ends its level.
/// A parsed step holds every setting its activity describes a default for, so the typed getters
/// need no registry and a stored version keeps the defaults it was imported with.
/// </summary>
public sealed record StepDefinition(
    string Id,
    string Activity,
    StepLevel Level,
    string? Label,
    ImmutableSortedDictionary<string, SettingValue> Settings,
    ImmutableArray<Transition> Next)
{
    /// <summary>The label when there is one, else the id: what a chart shows.</summary>
    public string DisplayName => string.IsNullOrWhiteSpace(Label) ? Id : Label;

    public SettingValue? FindSetting(string name) => Settings.GetValueOrDefault(name);

    public string GetString(string name) => Get(name).AsString();

    public int GetInt(string name) => Get(name).AsInt();

    public bool GetBool(string name) => Get(name).AsBool();

    public TimeSpan GetDuration(string name) => Get(name).AsDuration();

    public ImmutableArray<string> GetStringList(string name) => Get(name).AsStringList();

    /// <summary>The optional setting's duration, or null when the step does not set it.</summary>
    public TimeSpan? FindDuration(string name) => FindSetting(name)?.AsDuration();

    public string? FindString(string name) => FindSetting(name)?.AsString();

    /// <summary>
    /// The definitions this step starts children of: a Branches step's each; by convention, the one named by a
    /// <c>definition</c> setting (a FanOut's, or a domain step that starts items as they come, like the token review's);
    /// else none.
    /// </summary>
    public ImmutableArray<string> ChildDefinitionIds() => Activity switch
    {
        BuiltInActivities.Branches when FindSetting("definitions") is { Type: SettingType.StringList } ids => ids.AsStringList(),
        _ when FindSetting("definition") is { Type: SettingType.String } id => [id.AsString()],
        _ => [],
    };

    /// <summary>The step this outcome leads to, or null when the outcome ends the level.</summary>
    public string? NextFor(string outcome)
    {
        foreach (var transition in Next)
        {
            if (string.Equals(transition.Outcome, outcome, StringComparison.Ordinal))
            {
                return transition.To;
            }
        }
        return null;
    }

    private SettingValue Get(string name) =>
        Settings.GetValueOrDefault(name)
        ?? throw new KeyNotFoundException($"Step '{Id}' has no setting '{name}' and its activity gives no default.");

    public bool Equals(StepDefinition? other) =>
        other is not null
        && Id == other.Id
        && Activity == other.Activity
        && Level == other.Level
        && Label == other.Label
        && Settings.Count == other.Settings.Count
        && Settings.All(kv => other.Settings.TryGetValue(kv.Key, out var v) && kv.Value.Equals(v))
        && Next.SequenceEqual(other.Next);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Id);
        hash.Add(Activity);
        hash.Add(Level);
        hash.Add(Label);
        foreach (var (key, value) in Settings)
        {
            hash.Add(key);
            hash.Add(value);
        }
        foreach (var transition in Next)
        {
            hash.Add(transition);
        }
        return hash.ToHashCode();
    }
}
