using System.Globalization;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.Registry;
using Microsoft.Extensions.Configuration;

namespace AuditOrchestrator.Audits.Kickoff;

/// <summary>One audit's place in the kickoff calendar.</summary>
public sealed record AuditSchedule(AuditKind Audit, bool Enabled, IReadOnlyList<int> Quarters);

/// <summary>
/// The kickoff calendar from configuration: <c>Schedule__*</c> (default: fiscal year from February, quarters 1 and 3,
/// day 1, 09:00, UTC) and per registered audit <c>Audits__&lt;audit&gt;__Enabled</c> (default: on when the audit's vendor
/// token, <see cref="AuditDescriptor.TokenKey"/>, is set) and <c>Audits__&lt;audit&gt;__Quarters</c>. Bad values are a clear error at start.
/// </summary>
public sealed class KickoffSettings
{
    private KickoffSettings(FiscalCalendar calendar, IReadOnlyList<AuditSchedule> audits)
    {
        Calendar = calendar;
        Audits = audits;
    }

    public FiscalCalendar Calendar { get; }
    public IReadOnlyList<AuditSchedule> Audits { get; }

    public static KickoffSettings From(IConfiguration configuration, AuditCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(catalog);
        var schedule = configuration.GetSection("Schedule");
        var quarters = Quarters(schedule.GetSection("Quarters"), "Schedule__Quarters") ?? [1, 3];
        var audits = catalog.All.Select(audit =>
        {
            var section = configuration.GetSection($"Audits:{audit.Key.ConfigName}");
            var enabled = section["Enabled"] is { } text
                ? bool.TryParse(text, out var on) ? on : throw new InvalidOperationException($"{audit.EnabledSetting} '{text}' is not true or false.")
                : !string.IsNullOrWhiteSpace(configuration[audit.TokenKey]);
            return new AuditSchedule(audit.Key, enabled, Quarters(section.GetSection("Quarters"), audit.QuartersSetting) ?? quarters);
        }).ToList();
        return new KickoffSettings(FiscalCalendar.From(configuration), audits);
    }

    private static List<int>? Quarters(IConfigurationSection section, string key)
    {
        var values = section.GetChildren().Select(c => c.Value).Where(v => v is not null).ToList();
        if (values.Count == 0 && section.Value is { } single)
        {
            values = [.. single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }
        if (values.Count == 0)
        {
            return null;
        }
        var quarters = values.Select(v => int.TryParse(v, CultureInfo.InvariantCulture, out var q) && q is >= 1 and <= 4
            ? q : throw new InvalidOperationException($"{key}: '{v}' is not a quarter 1 to 4.")).Distinct().Order().ToList();
        return quarters;
    }
}
