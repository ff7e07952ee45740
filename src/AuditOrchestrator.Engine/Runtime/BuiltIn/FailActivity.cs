using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Activities;

namespace AuditOrchestrator.Engine.Runtime.BuiltIn;

/// <summary>
/// Test activity: fails its first <c>times</c> runs, then succeeds. The count lives in the instance's variables, so it
/// adds up across automatic retries and an operator's retry alike.
/// </summary>
public sealed class FailActivity : IActivity
{
    public string Name => BuiltInActivities.Fail;

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var path = $"failures.{context.Step.Id}";
        var failures = Variables.Get(context.Variables, path)?.GetValue<int>() ?? 0;
        var times = context.Step.GetInt("times");
        if (failures < times)
        {
            Variables.Set(context.Variables, path, JsonValue.Create(failures + 1));
            throw new InvalidOperationException($"Planned failure {failures + 1} of {times}.");
        }
        return ValueTask.FromResult(ActivityResult.Done("done"));
    }
}
