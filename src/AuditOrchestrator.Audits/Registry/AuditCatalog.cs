using System.Diagnostics.CodeAnalysis;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.SupportTeam;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Audits.Registry;

/// <summary>
/// Every audit the service runs, as declared by the registrations (<see cref="AuditRegistrations.AddAudit{T}"/>), in
/// registration order. Everything that names or lists audits asks here: the CLI, the API, the kickoff calendar, the
/// settings page, the workflow definitions.
/// </summary>
public sealed class AuditCatalog
{
    private readonly Dictionary<string, AuditDescriptor> byName = new(StringComparer.OrdinalIgnoreCase);

    public AuditCatalog(IEnumerable<AuditDescriptor> descriptors)
    {
        ArgumentNullException.ThrowIfNull(descriptors);
        var all = new List<AuditDescriptor>();
        foreach (var descriptor in descriptors)
        {
            if (!byName.TryAdd(descriptor.Key.Name, descriptor))
            {
                throw new InvalidOperationException($"The audit '{descriptor.Key.Name}' is registered twice.");
            }
            all.Add(descriptor);
        }
        All = all;
        Keys = [.. all.Select(d => d.Key)];
        AuditLevel = all.SelectMany(d => d.Definitions).ToHashSet(StringComparer.Ordinal);
        TeamFields = [.. all.SelectMany(d => d.TeamFields).Distinct()];
    }

    /// <summary>The catalog a service collection's registrations make, without building the container (tools and definition checks).</summary>
    public static AuditCatalog Of(IServiceCollection services) =>
        new(services.Where(s => s.ServiceType == typeof(AuditDescriptor)).Select(s => (AuditDescriptor)s.ImplementationInstance!));

    public IReadOnlyList<AuditDescriptor> All { get; }

    public IReadOnlyList<AuditKind> Keys { get; }

    /// <summary>Every definition an audit runs as its top level (each variant); the rest are child flows.</summary>
    public IReadOnlySet<string> AuditLevel { get; }

    /// <summary>The per-person fields the audits declare, in registration order: what the team data loader reads beside the shared fields.</summary>
    public IReadOnlyList<TeamField> TeamFields { get; }

    /// <summary>The audits' names, for messages: "pagerduty, calendly, zendesk, zendesk-us-federal".</summary>
    public string NameList => string.Join(", ", All.Select(d => d.Key.Name));

    public bool TryFind(string? name, [NotNullWhen(true)] out AuditKind? kind)
    {
        kind = name is not null && byName.TryGetValue(name.Trim(), out var descriptor) ? descriptor.Key : null;
        return kind is not null;
    }

    public AuditKind Find(string? name) =>
        TryFind(name, out var kind)
            ? kind.Value
            : throw new ArgumentException($"unknown audit '{name}' (expected one of: {NameList})", nameof(name));

    public AuditDescriptor Get(AuditKind audit) =>
        byName.TryGetValue(audit.Name, out var descriptor)
            ? descriptor
            : throw new ArgumentOutOfRangeException(nameof(audit), audit, $"the audit '{audit.Name}' has no registration");

    /// <summary>The definition the audit runs under the configured variant (README, "Configuration"; workflows/README.md).</summary>
    public string DefinitionFor(AuditKind audit, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var descriptor = Get(audit);
        return descriptor.DefinitionFor(configuration[descriptor.VariantKey]);
    }
}
