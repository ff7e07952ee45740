using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Engine.Runtime;

namespace AuditOrchestrator.Api.Runs;

/// <summary>
/// Which operator actions apply to a run and to each item right now, so the UI offers only those (the routes refuse
/// the others with 409 all the same).
/// </summary>
public static class ApplicableActions
{
    /// <summary>Cancel and change the SOM while the run is not over.</summary>
    public static IReadOnlyList<string> ForRun(string status) =>
        status is RunStatuses.Completed or RunStatuses.Cancelled ? [] : ["change-som", "cancel"];

    /// <summary>
    /// Retry only a faulted item; nothing for an item whose follow-up is over or not started; skip or extend only a
    /// pending wait; "addressed" only while the item is not addressed, explained or cancelled.
    /// </summary>
    public static IReadOnlyList<string> ForItem(string? instanceStatus, string state, bool timerPending)
    {
        if (instanceStatus is null || InstanceStatusNames.IsFinished(instanceStatus))
        {
            return [];
        }
        if (instanceStatus == InstanceStatusNames.Faulted)
        {
            return ["retry"];
        }
        var settled = RunItems.IsSettled(state);
        var actions = new List<string>();
        if (!settled)
        {
            actions.Add("addressed");
        }
        if (timerPending && !settled)
        {
            actions.Add("skip-wait");
            actions.Add("extend-wait");
        }
        return actions;
    }
}
