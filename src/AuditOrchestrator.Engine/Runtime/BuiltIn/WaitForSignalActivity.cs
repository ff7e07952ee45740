using AuditOrchestrator.Engine.Activities;

namespace AuditOrchestrator.Engine.Runtime.BuiltIn;

/// <summary>
/// Waits for a signal addressed to this instance: its correlation key when it has one, else its id. The payload of
/// the signal is kept in the variable <c>signals.&lt;name&gt;</c>.
/// </summary>
public sealed class WaitForSignalActivity : IDescribedActivity
{
    public static ActivityDescriptor Descriptor { get; } = new(BuiltInActivities.WaitForSignal, "Waits until a named signal arrives (a webhook or an admin action), or until the timeout.",
        [
            new("signal", SettingType.String, "The name of the signal to wait for.", Required: true) { Pattern = @"\S.*" },
            new("timeout", SettingType.Duration, "Give up after this long; no timeout when unset.")
            {
                Min = SettingValue.FromDuration(TimeSpan.FromSeconds(1)),
            },
        ],
        ["signalled", "timed-out"]);

    public string Name => Descriptor.Name;

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
