using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Api.Hosting;

namespace AuditOrchestrator.Api.Cli;

/// <summary>The service's configuration and core services, without the web host, for the verbs.</summary>
public static class CliServices
{
    public static ServiceProvider Build()
    {
        var configuration = Host.CreateApplicationBuilder().Configuration;
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l
            .SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddOrchestratorCore(configuration);
        services.AddSingleton<ApiTokenIssuer>();
        return services.BuildServiceProvider();
    }
}
