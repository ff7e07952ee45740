using AuditOrchestrator.Api.Definitions;
using AuditOrchestrator.Api.Migrations;
using AuditOrchestrator.Api.Ui;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.GitLab;
using AuditOrchestrator.Engine.Clock;
using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Vendors.GitLab;
using AuditOrchestrator.Vendors.Slack;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AuditOrchestrator.Api.Hosting;

/// <summary>The services both the web host and the command line need: the database and the definitions.</summary>
public static class CoreServices
{
    public static IServiceCollection AddOrchestratorCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new ServiceClock(ClockSpeed(configuration), ClockSkew(configuration) is { } skew ? new SkewedClock(skew) : null));
        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<ServiceClock>());
        // Resolved lazily so that configuration added by a test host or the command line is seen.
        services.AddSingleton(sp => TracedDataSource.Create(ConnectionString(sp.GetRequiredService<IConfiguration>())));
        services.AddSingleton(sp => new StatelessConnections(ConnectionString(sp.GetRequiredService<IConfiguration>())));
        services.AddDbContextFactory<OrchestratorDbContext>((sp, o) => o.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddDatabaseMigrations();
        services.AddOrchestratorDefinitions();
        services.AddAdminUi(configuration);
        services.AddDurableRuntime();
        services.AddAuditIntegrations(configuration);
        services.AddGitLab(configuration);
        services.AddGitLabTeamSource();
        services.AddSlack(configuration);
        Runs.RunsApi.AddRuns(services, configuration);
        services.Configure<ExecutorOptions>(configuration.GetSection("Runtime"));
        return services;
    }

    public static string ConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Postgres");
        return string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException(
                "ConnectionStrings__Postgres is not set. Start the service with the README's run command, which starts a local PostgreSQL, or set it.")
            : connectionString;
    }

    /// <summary>Clock__Skew: how far this node's clock is off (tests of clock skew between nodes); none when unset.</summary>
    public static TimeSpan? ClockSkew(IConfiguration configuration) =>
        TimeSpan.TryParse(configuration["Clock:Skew"], System.Globalization.CultureInfo.InvariantCulture, out var skew) && skew != TimeSpan.Zero ? skew : null;

    /// <summary>Clock__Speed: how many times faster than real time the service clock runs (1 when unset).</summary>
    public static double ClockSpeed(IConfiguration configuration) =>
        double.TryParse(configuration["Clock:Speed"], System.Globalization.CultureInfo.InvariantCulture, out var speed) ? speed : 1;
}
