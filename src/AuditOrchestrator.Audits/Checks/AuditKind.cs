using AuditOrchestrator.Vendors.Zendesk;

namespace AuditOrchestrator.Audits.Checks;

/// <summary>
/// Which audit: an identifier owned by the audit's registration (<see cref="Registry.AuditDescriptor"/>), not a closed
/// list. <see cref="Name"/> is the audit's name in the CLI, the API and the database (<c>pagerduty</c>);
/// <see cref="ConfigName"/> its section under <c>Audits__</c> in the configuration (<c>PagerDuty</c>), which is also
/// what <see cref="ToString"/> gives (metric tags, logs). The audits shipped declare theirs beside their checks.
/// </summary>
public readonly partial record struct AuditKind(string Name, string ConfigName)
{
    public override string ToString() => ConfigName;
}

public static class AuditKinds
{
    /// <summary>The audit's name in the CLI, the API and the database: pagerduty, calendly, zendesk, zendesk-us-federal.</summary>
    public static string CliName(this AuditKind kind) => kind.Name;

    /// <summary>The value of a finding's "instance" field: "main" or "us-federal".</summary>
    public static string InstanceName(this ZendeskInstance instance) =>
        instance == ZendeskInstance.Main ? "main" : "us-federal";
}
