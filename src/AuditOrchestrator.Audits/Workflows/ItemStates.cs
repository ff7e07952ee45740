using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>
/// The states of a follow-up item, by the names stored in item instances' variables and shown by the runs API
/// (README, "Runs"). The item flows write all but <see cref="Cancelled"/>, which a cancelled instance is.
/// </summary>
public static class ItemStates
{
    public const string Open = "open";
    public const string Addressed = "addressed";
    public const string Explained = "explained";
    public const string EscalatedManager = "escalated-manager";
    public const string EscalatedSom = "escalated-som";
    public const string Cancelled = "cancelled";

    public static IReadOnlyList<string> All { get; } = [Open, Addressed, Explained, EscalatedManager, EscalatedSom, Cancelled];

    /// <summary>An item's state: cancelled with its instance, else what its flow last decided, open before any decision.</summary>
    public static string Of(string instanceStatus, string? recorded) =>
        instanceStatus == InstanceStatusNames.Cancelled ? Cancelled : recorded ?? Open;

    /// <summary>Whether an item's chain reached the manager or the SOM.</summary>
    public static bool IsEscalated(string? state) => state is EscalatedManager or EscalatedSom;
}
