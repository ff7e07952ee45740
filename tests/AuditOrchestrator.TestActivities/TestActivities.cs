using AuditOrchestrator.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.TestActivities;

/// <summary>
/// Activities that only tests of the runtime use: a deduplicating outside system and a planned fault. The product never
/// registers them; the test hosts (ServiceFactory, the AuditOrchestrator.TestService program) add them.
/// </summary>
public static class TestActivities
{
    public const string RecordEffect = "RecordEffect";
    public const string Fail = "Fail";

    public static IServiceCollection AddTestActivities(this IServiceCollection services) =>
        services.AddActivity<RecordEffectActivity>().AddActivity<FailActivity>();
}
