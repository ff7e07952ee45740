using AuditOrchestrator.Api.Cli;
using AuditOrchestrator.Api.Hosting;

if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(args);
}

var app = ServiceHost.Build(args);
await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
