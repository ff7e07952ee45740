namespace AuditOrchestrator.Engine.Runtime;

/// <summary>
/// What a step does. Execute runs when the step is entered and again each time the step is resumed (then
/// <see cref="ActivityContext.Resume"/> says what resumed it). Steps are at-least-once: anything with an effect
/// outside the instance goes through <see cref="ActivityContext.SideEffectAsync"/>.
/// </summary>
public interface IActivity
{
    string Name { get; }

    ValueTask<ActivityResult> ExecuteAsync(ActivityContext context);
}
