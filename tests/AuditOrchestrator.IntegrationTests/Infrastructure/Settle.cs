using AuditOrchestrator.Api.Runs;

namespace AuditOrchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// Before a test moves its clock again: a ping's note reaches GitLab before its step's commit, and the wait after it
/// takes its due time from the clock when it runs. A jump made in between would put that wait's timer past the jump,
/// where no later jump of the test reaches it.
/// </summary>
public static class Settle
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>Waits until every item of the run has ended, or waits with its next timer (if any) still ahead.</summary>
    public static Task ItemsAsync(Func<Task<RunView>> run, TimeProvider clock) =>
        Eventually.HoldsAsync(async () => (await run()).Items!.All(i => i.Status switch
        {
            "completed" or "cancelled" or "faulted" => true,
            "waiting" => i.NextTimer is null || i.NextTimer.DueAt > clock.GetUtcNow(),
            _ => false,
        }), Patience, "every item has ended or waits on a timer still ahead");
}
