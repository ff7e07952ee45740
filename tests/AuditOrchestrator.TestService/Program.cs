using AuditOrchestrator.Api.Hosting;
using AuditOrchestrator.TestActivities;

// The product's service plus the test-only activities, for tests that run the service as its own OS process
// (multi-node and crash tests). Only the test projects build it; a deployment ships AuditOrchestrator.dll alone.
WebApplication app;
try
{
    app = await ServiceHost.BuildAsync(args, services => services.AddTestActivities());
}
catch (StartupRefusedException refused)
{
    await Console.Error.WriteLineAsync($"error: {refused.Message}");
    return 1;
}
await app.RunAsync();
return 0;
