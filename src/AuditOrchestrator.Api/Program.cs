using AuditOrchestrator.Api.Cli;
using AuditOrchestrator.Api.Hosting;

if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(args);
}

WebApplication app;
try
{
    app = await ServiceHost.BuildAsync(args);
}
catch (StartupRefusedException refused)
{
    await Console.Error.WriteLineAsync($"error: {refused.Message}");
    return 1;
}
await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
