using AuditOrchestrator.Audits.Checks;

namespace AuditOrchestrator.Audits.Registry;

/// <summary>Every audit registered in DI, found by its <see cref="AuditKind"/>; two registrations of one audit are a start-up error.</summary>
public sealed class AuditRegistry
{
    private readonly Dictionary<string, IAuditRegistration> byAudit;

    public AuditRegistry(IEnumerable<IAuditRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        byAudit = new(StringComparer.OrdinalIgnoreCase);
        foreach (var registration in registrations)
        {
            if (!byAudit.TryAdd(registration.Audit.Name, registration))
            {
                throw new InvalidOperationException($"The audit '{registration.Audit.Name}' is registered twice.");
            }
        }
    }

    public IReadOnlyCollection<IAuditRegistration> All => byAudit.Values;

    public IAuditRegistration Get(AuditKind audit) =>
        byAudit.TryGetValue(audit.Name, out var registration)
            ? registration
            : throw new ArgumentOutOfRangeException(nameof(audit), audit, $"the audit '{audit.Name}' has no registration");
}
