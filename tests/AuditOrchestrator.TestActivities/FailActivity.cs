using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Engine.Runtime.BuiltIn;

namespace AuditOrchestrator.TestActivities;

/// <summary>
/// Test activity: fails its first <c>times</c> runs, then succeeds. The count lives in the instance's variables, so it
/// adds up across automatic retries and an operator's retry alike. With <c>signal</c>, it first waits for that signal
/// (keyed like <see cref="WaitForSignalActivity"/>) and fails only once resumed, keeping the payload in
/// <c>signals.&lt;name&gt;</c> when it succeeds: a resumed step that fails transiently.
/// </summary>
public sealed class FailActivity : IDescribedActivity
{
    public static ActivityDescriptor Descriptor { get; } = new(TestActivities.Fail, "Test activity: faults the given number of times, then succeeds.",
        [
            new("times", SettingType.Int, "How many attempts fail before one succeeds.", SettingValue.FromInt(1))
            {
                Min = SettingValue.FromInt(0),
            },
            new("signal", SettingType.String, "Wait for this signal first and fail only once resumed by it.") { Pattern = @"\S.*" },
        ],
        ["done"]);

    public string Name => Descriptor.Name;

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var signal = context.Step.FindString("signal");
        if (signal is not null && context.Resume?.Kind != ResumeInfo.SignalKind)
        {
            return ValueTask.FromResult(ActivityResult.WaitFor(new BookmarkRequest.Signal(signal, WaitForSignalActivity.KeyOf(context))));
        }
        var path = $"failures.{context.Step.Id}";
        var failures = Variables.Get(context.Variables, path)?.GetValue<int>() ?? 0;
        var times = context.Step.GetInt("times");
        if (failures < times)
        {
            Variables.Set(context.Variables, path, JsonValue.Create(failures + 1));
            throw new InvalidOperationException($"Planned failure {failures + 1} of {times}.");
        }
        if (signal is not null)
        {
            Variables.Set(context.Variables, $"signals.{signal}", context.Resume!.Payload?.DeepClone());
        }
        return ValueTask.FromResult(ActivityResult.Done("done"));
    }
}
