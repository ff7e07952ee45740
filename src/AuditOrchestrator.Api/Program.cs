using AuditOrchestrator.Api.Cli;
using AuditOrchestrator.Api.Hosting;

if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(args);
}

var app = await ServiceHost.BuildAsync(args);
await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
