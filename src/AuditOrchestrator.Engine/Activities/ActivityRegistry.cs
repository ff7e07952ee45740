using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace AuditOrchestrator.Engine.Activities;

/// <summary>
/// The activities a definition may use, by name. Every descriptor gets the shared retry settings
/// (<see cref="RetrySettings"/>) unless it declares a setting of the same name itself.
/// </summary>
public sealed partial class ActivityRegistry
{
    private readonly ImmutableDictionary<string, ActivityDescriptor> _byName;

    public ActivityRegistry(IEnumerable<ActivityDescriptor> descriptors)
    {
        ArgumentNullException.ThrowIfNull(descriptors);
        var all = ImmutableArray.CreateBuilder<ActivityDescriptor>();
        var byName = ImmutableDictionary.CreateBuilder<string, ActivityDescriptor>(StringComparer.Ordinal);
        foreach (var descriptor in descriptors)
        {
            var merged = WithSharedSettings(descriptor);
            Check(merged);
            if (!byName.TryAdd(merged.Name, merged))
            {
                throw new ArgumentException($"Activity '{merged.Name}' is registered twice.", nameof(descriptors));
            }
            all.Add(merged);
        }
        All = all.ToImmutable();
        _byName = byName.ToImmutable();
    }

    /// <summary>Every registered activity, in registration order, shared settings included.</summary>
    public ImmutableArray<ActivityDescriptor> All { get; }

    public bool TryGet(string name, [NotNullWhen(true)] out ActivityDescriptor? descriptor) =>
        _byName.TryGetValue(name, out descriptor);

    private static ActivityDescriptor WithSharedSettings(ActivityDescriptor descriptor)
    {
        var own = descriptor.Settings.IsDefault ? [] : descriptor.Settings;
        var shared = RetrySettings.All.Where(s => !own.Any(o => o.Name == s.Name));
        return descriptor with
        {
            Settings = [.. own, .. shared],
            Outcomes = descriptor.Outcomes.IsDefault ? [] : descriptor.Outcomes,
        };
    }

    // A bad descriptor is a programming error: fail at start-up, not when a definition happens to use it.
    private static void Check(ActivityDescriptor descriptor)
    {
        if (!ActivityName().IsMatch(descriptor.Name ?? ""))
        {
            throw new ArgumentException($"Activity name '{descriptor.Name}' must be PascalCase letters and digits.");
        }
        if (!descriptor.DynamicOutcomes && descriptor.Outcomes.IsEmpty)
        {
            throw new ArgumentException($"Activity '{descriptor.Name}' declares no outcomes.");
        }
        foreach (var outcome in descriptor.Outcomes)
        {
            if (!Identifiers.IsValidId(outcome))
            {
                throw new ArgumentException($"Activity '{descriptor.Name}': outcome '{outcome}' must match {Identifiers.IdPattern}.");
            }
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var setting in descriptor.Settings)
        {
            var where = $"Activity '{descriptor.Name}', setting '{setting.Name}'";
            if (!names.Add(setting.Name))
            {
                throw new ArgumentException($"{where} is declared twice.");
            }
            if (setting.Type == SettingType.Enum && setting.AllowedValues.IsDefaultOrEmpty)
            {
                throw new ArgumentException($"{where}: an enum needs allowed values.");
            }
            foreach (var bound in new[] { setting.Min, setting.Max })
            {
                if (bound is not null && (bound.Type != setting.Type || setting.Type is not (SettingType.Int or SettingType.Duration)))
                {
                    throw new ArgumentException($"{where}: min/max apply to int and duration settings, of the setting's own type.");
                }
            }
            if (setting.Default is { } value && SettingValidator.Validate(setting, value) is { IsEmpty: false } problems)
            {
                throw new ArgumentException($"{where}: the default is invalid: {string.Join("; ", problems)}.");
            }
        }
    }

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*$")]
    private static partial Regex ActivityName();
}
