using System.Collections.Immutable;
using AuditOrchestrator.Engine.Activities;

namespace AuditOrchestrator.Engine.Definitions;

/// <summary>
/// The rules a definition must keep, checked on the model so that files (through <see cref="DefinitionParser"/>) and
/// the designer's JSON are held to the same rules. Errors carry the field path; the parser adds the line.
/// </summary>
public static class DefinitionValidator
{
    public static ImmutableArray<DefinitionError> Validate(WorkflowDefinition definition, ActivityRegistry registry, string file = "")
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(registry);
        var errors = ImmutableArray.CreateBuilder<DefinitionError>();
        void Add(string field, string message) => errors.Add(new DefinitionError(file, 0, 0, field, message));

        CheckId(definition.Id, "id", "definition id", Add);
        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            Add("name", "a name is required");
        }

        var steps = definition.Steps.IsDefault ? [] : definition.Steps;
        if (steps.IsEmpty)
        {
            Add("steps", "at least one step is required");
        }

        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Length; i++)
        {
            var step = steps[i];
            var at = $"steps[{i}]";
            if (CheckId(step.Id, $"{at}.id", "step id", Add))
            {
                if (!firstIndex.TryAdd(step.Id, i))
                {
                    Add($"{at}.id", $"duplicate step id '{step.Id}' (first used by steps[{firstIndex[step.Id]}])");
                }
            }
            if (!Enum.IsDefined(step.Level))
            {
                Add($"{at}.level", "must be audit or item");
            }
            CheckActivityAndSettings(step, at, registry, Add);
        }

        for (var i = 0; i < steps.Length; i++)
        {
            CheckTransitions(steps[i], $"steps[{i}]", firstIndex, registry, Add);
        }

        if (string.IsNullOrWhiteSpace(definition.Start))
        {
            Add("start", "the first step is required");
        }
        else if (!firstIndex.ContainsKey(definition.Start))
        {
            Add("start", $"step '{definition.Start}' does not exist");
        }
        else
        {
            foreach (var i in Unreachable(steps, definition.Start, firstIndex))
            {
                Add($"steps[{i}]", $"step '{steps[i].Id}' cannot be reached from start '{definition.Start}'");
            }
        }
        return errors.ToImmutable();
    }

    private static bool CheckId(string? id, string field, string what, Action<string, string> add)
    {
        if (string.IsNullOrEmpty(id))
        {
            add(field, $"a {what} is required");
            return false;
        }
        if (!Identifiers.IsValidId(id))
        {
            add(field, $"{what} '{id}' must match {Identifiers.IdPattern}");
            return false;
        }
        return true;
    }

    private static void CheckActivityAndSettings(StepDefinition step, string at, ActivityRegistry registry, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(step.Activity))
        {
            add($"{at}.activity", "an activity is required");
            return;
        }
        if (!registry.TryGet(step.Activity, out var activity))
        {
            add($"{at}.activity", $"unknown activity '{step.Activity}' (known: {string.Join(", ", registry.All.Select(a => a.Name))})");
            return;
        }
        var settings = step.Settings ?? ImmutableSortedDictionary<string, SettingValue>.Empty;
        foreach (var (name, value) in settings)
        {
            var descriptor = activity.FindSetting(name);
            if (descriptor is null)
            {
                add($"{at}.settings.{name}", $"unknown setting '{name}' for activity {activity.Name}");
                continue;
            }
            foreach (var message in SettingValidator.Validate(descriptor, value))
            {
                add($"{at}.settings.{name}", message);
            }
        }
        foreach (var descriptor in activity.Settings)
        {
            if (descriptor.Required && !settings.ContainsKey(descriptor.Name))
            {
                add($"{at}.settings.{descriptor.Name}", $"required setting '{descriptor.Name}' of activity {activity.Name} is missing");
            }
        }
        var initialDelay = Effective(settings, activity, RetrySettings.InitialDelay);
        var maxDelay = Effective(settings, activity, RetrySettings.MaxDelay);
        if (initialDelay is { Type: SettingType.Duration } first && maxDelay is { Type: SettingType.Duration } longest
            && longest.AsDuration() < first.AsDuration())
        {
            add($"{at}.settings.{RetrySettings.MaxDelay}", $"must not be shorter than {RetrySettings.InitialDelay} ({first})");
        }
    }

    private static SettingValue? Effective(
        ImmutableSortedDictionary<string, SettingValue> settings, ActivityDescriptor activity, string name) =>
        settings.GetValueOrDefault(name) ?? activity.FindSetting(name)?.Default;

    private static void CheckTransitions(
        StepDefinition step, string at, Dictionary<string, int> stepIndex, ActivityRegistry registry, Action<string, string> add)
    {
        registry.TryGet(step.Activity ?? "", out var activity);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var transition in step.Next.IsDefault ? [] : step.Next)
        {
            var field = $"{at}.next.{transition.Outcome}";
            if (!Identifiers.IsValidId(transition.Outcome))
            {
                add(field, $"outcome '{transition.Outcome}' must match {Identifiers.IdPattern}");
            }
            else if (!seen.Add(transition.Outcome))
            {
                add(field, $"outcome '{transition.Outcome}' has more than one edge");
            }
            else if (activity is not null && !activity.DeclaresOutcome(transition.Outcome))
            {
                add(field, $"activity {activity.Name} has no outcome '{transition.Outcome}' (its outcomes: {string.Join(", ", activity.Outcomes)})");
            }
            if (string.IsNullOrEmpty(transition.To))
            {
                add(field, "must name the next step");
            }
            else if (!stepIndex.ContainsKey(transition.To))
            {
                add(field, $"leads to step '{transition.To}', which does not exist");
            }
        }
    }

    private static IEnumerable<int> Unreachable(ImmutableArray<StepDefinition> steps, string start, Dictionary<string, int> stepIndex)
    {
        var reached = new HashSet<int> { stepIndex[start] };
        var queue = new Queue<int>(reached);
        while (queue.TryDequeue(out var i))
        {
            foreach (var transition in steps[i].Next.IsDefault ? [] : steps[i].Next)
            {
                if (transition.To is not null && stepIndex.TryGetValue(transition.To, out var next) && reached.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }
        // Only each id's first step counts: a duplicate is already an error of its own.
        return Enumerable.Range(0, steps.Length)
            .Where(i => !reached.Contains(i) && stepIndex.TryGetValue(steps[i].Id ?? "", out var first) && first == i);
    }
}
