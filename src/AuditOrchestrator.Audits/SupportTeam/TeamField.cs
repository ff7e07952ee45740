namespace AuditOrchestrator.Audits.SupportTeam;

/// <summary>
/// A per-person field of the team data that an audit declares (<c>AuditDescriptor.TeamFields</c>): the YAML key under
/// a person and how its value becomes the audit's own entry. The loader reads only the fields the registered audits
/// declare; every other key is left alone, so no team file is refused for a key it does not know.
/// </summary>
public abstract class TeamField
{
    private protected TeamField(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        Key = key;
    }

    /// <summary>The key under a person, e.g. <c>pagerduty</c>; two fields may share one (each Zendesk instance reads its section of <c>zendesk</c>).</summary>
    public string Key { get; }

    /// <summary>The entry read from a value that is present and not null, or null when a wrong shape left nothing to read (a warning says so).</summary>
    internal abstract object? Read(TeamYamlValue value);

    public override string ToString() => Key;
}

/// <summary>A field whose entry is a <typeparamref name="TEntry"/>; <see cref="TeamMember.Account{TEntry}"/> reads it back.</summary>
/// <param name="read">Reads the value under <see cref="TeamField.Key"/>; shape problems go through the value's helpers, which warn with file, line and field.</param>
public sealed class TeamField<TEntry>(string key, Func<TeamYamlValue, TEntry?> read) : TeamField(key)
    where TEntry : class
{
    internal override object? Read(TeamYamlValue value) => read(value);
}
