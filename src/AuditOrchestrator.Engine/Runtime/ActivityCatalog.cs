namespace AuditOrchestrator.Engine.Runtime;

/// <summary>The activity implementations by name (every registered <see cref="IActivity"/>).</summary>
public sealed class ActivityCatalog(IEnumerable<IActivity> activities)
{
    private readonly Dictionary<string, IActivity> _byName = activities.ToDictionary(a => a.Name, StringComparer.Ordinal);

    public IActivity Get(string name) => _byName.TryGetValue(name, out var activity)
        ? activity
        : throw new InvalidOperationException($"No implementation is registered for activity '{name}'.");
}
