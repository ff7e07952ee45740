using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Vendors.Zendesk;

namespace AuditOrchestrator.Audits.Zendesk;

/// <summary>A person's agent in one Zendesk instance: <c>zendesk: { main: { id, groups, role }, us-federal: { … } }</c>.</summary>
public sealed record ZendeskEntry(long? Id, IReadOnlyList<string> Groups, string? Role);

/// <summary>The two instances share the key <c>zendesk</c>; each audit declares the field of its own section.</summary>
public static class ZendeskTeamField
{
    /// <summary>Declared by <see cref="ZendeskMainAudit.Declared"/>.</summary>
    public static TeamField<ZendeskEntry> Main { get; } = Section("main");

    /// <summary>Declared by <see cref="ZendeskUsFederalAudit.Declared"/>.</summary>
    public static TeamField<ZendeskEntry> UsFederal { get; } = Section("us-federal");

    public static TeamField<ZendeskEntry> For(ZendeskInstance instance) => instance == ZendeskInstance.Main ? Main : UsFederal;

    /// <summary>The person's entry in the instance, or null when they have none there.</summary>
    public static ZendeskEntry? Zendesk(this TeamMember member, ZendeskInstance instance)
    {
        ArgumentNullException.ThrowIfNull(member);
        return member.Account(For(instance));
    }

    private static TeamField<ZendeskEntry> Section(string instance) => new("zendesk", value =>
        value.AsMapping()?.Mapping(instance) is { } section
            ? new ZendeskEntry(section.Long("id"), section.StringList("groups"), section.String("role"))
            : null);
}
