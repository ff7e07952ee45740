using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.SupportTeam;

namespace AuditOrchestrator.Audits.Registry;

/// <summary>
/// What an audit is, apart from how it runs: its key, the names people read, the vendor token whose presence turns
/// its schedule on, its workflow definitions and its own configuration keys. Each registration declares one beside its
/// checks; <see cref="AuditCatalog"/> lists them for every part of the service that lists audits (docs/adding-an-audit.md).
/// </summary>
/// <param name="TokenKey">The vendor token's configuration key, e.g. <c>PagerDuty:Token</c>.</param>
/// <param name="QuarterlyDefinition">The definition run when <c>Audits__&lt;audit&gt;__Variant</c> is quarterly.</param>
/// <param name="SemiAnnualDefinition">The definition run otherwise (the default); the same as the quarterly one when the audit has one variant.</param>
public sealed record AuditDescriptor(
    AuditKind Key, string DisplayName, string Vendor, string TokenKey, string QuarterlyDefinition, string SemiAnnualDefinition)
{
    public const string Quarterly = "quarterly";
    public const string SemiAnnual = "semiannual";

    /// <summary>The connection whose "Verify settings" checks this audit's vendor token (POST /api/connections/{name}/verify).</summary>
    public string Connection { get; init; } = Key.Name;

    /// <summary>Keys of this audit's own settings beyond the ones every audit has, with the default the settings page shows.</summary>
    public IReadOnlyList<AuditSetting> Settings { get; init; } = [];

    /// <summary>The per-person fields of the team data this audit reads (e.g. <c>pagerduty: { id, rotations }</c>); the loader reads no others.</summary>
    public IReadOnlyList<TeamField> TeamFields { get; init; } = [];

    /// <summary>The configuration section of the audit's own keys, e.g. Audits:PagerDuty.</summary>
    public string Section => $"Audits:{Key.ConfigName}";

    /// <summary>The configuration key of the audit's variant, e.g. Audits:PagerDuty:Variant.</summary>
    public string VariantKey => $"{Section}:Variant";

    /// <summary>The keys every audit has (environment-variable spelling): Enabled, Variant, Quarters under Audits__&lt;audit&gt;__.</summary>
    public string EnabledSetting => $"Audits__{Key.ConfigName}__Enabled";
    public string VariantSetting => $"Audits__{Key.ConfigName}__Variant";
    public string QuartersSetting => $"Audits__{Key.ConfigName}__Quarters";

    /// <summary>Every configuration key of the audit (environment-variable spelling): its own, then the ones every audit has.</summary>
    public IEnumerable<string> SettingKeys => [.. Settings.Select(s => s.Key), EnabledSetting, VariantSetting, QuartersSetting];

    /// <summary>Both definitions, each once.</summary>
    public IReadOnlyList<string> Definitions => [.. new[] { QuarterlyDefinition, SemiAnnualDefinition }.Distinct(StringComparer.Ordinal)];

    public string DefinitionFor(string? variant) =>
        string.Equals(variant?.Trim(), Quarterly, StringComparison.OrdinalIgnoreCase) ? QuarterlyDefinition : SemiAnnualDefinition;
}

/// <summary>One of an audit's own configuration keys (environment-variable spelling) and the default that applies when it is unset.</summary>
public sealed record AuditSetting(string Key, Func<string> Default);
