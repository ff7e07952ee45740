using AuditOrchestrator.Engine.Activities;

namespace AuditOrchestrator.Engine.Runtime.BuiltIn;

/// <summary>
/// Waits for a signal addressed to this instance: its correlation key when it has one, else its id. The payload of
/// the signal is kept in the variable <c>signals.&lt;name&gt;</c>.
/// </summary>
public sealed class WaitForSignalActivity : IActivity
{
    public string Name => BuiltInActivities.WaitForSignal;

    public static string KeyOf(ActivityContext context) => context.CorrelationKey ?? context.InstanceId.ToString();

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var signal = context.Step.GetString("signal");
        switch (context.Resume?.Kind)
        {
            case ResumeInfo.SignalKind:
                Variables.Set(context.Variables, $"signals.{signal}", context.Resume.Payload?.DeepClone());
                return ValueTask.FromResult(ActivityResult.Done("signalled"));
            case ResumeInfo.TimerKind:
                return ValueTask.FromResult(ActivityResult.Done("timed-out"));
        }
        var bookmarks = new List<BookmarkRequest> { new BookmarkRequest.Signal(signal, KeyOf(context)) };
        if (context.Step.FindDuration("timeout") is { } timeout)
        {
            bookmarks.Add(new BookmarkRequest.Timer(context.Clock.GetUtcNow() + timeout));
        }
        return ValueTask.FromResult(ActivityResult.WaitFor(bookmarks));
    }
}
