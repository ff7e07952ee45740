using AuditOrchestrator.Audits.Registry;
using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Checks;
using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Engine.Runtime;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AuditOrchestrator.Api.Sandbox;

/// <summary>
/// Once the sandbox service listens: points the simulated GitLab's webhooks at it, starts one run of each audit whose
/// workflow exists, and says where to watch.
/// </summary>
public sealed class SandboxDriver(
    IHostApplicationLifetime lifetime,
    IServer server,
    SandboxVendors vendors,
    WorkflowStarter starter,
    InstanceOperations operations,
    InstanceQueries instances,
    DefinitionCache definitions,
    AuditRuns runs,
    AuditCatalog audits,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<SandboxDriver> logger) : BackgroundService
{
    /// <summary>Well inside the default one day after which a quiet source reads stale.</summary>
    public static readonly TimeSpan AuditRecordsEvery = TimeSpan.FromHours(4);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
        if (!SandboxMode.AllowsRemote(configuration) && LoopbackOnly.RemoteAddresses(server) is { Count: > 0 } remote)
        {
            logger.LogCritical("[sandbox] Refusing to serve the sandbox on {Addresses}: it listens on loopback only unless Sandbox__AllowRemote=true (unsafe: anyone who reaches it gets a demo admin)", string.Join(", ", remote));
            lifetime.StopApplication();
            return;
        }

        // The service clock's epoch is loaded by now: PagerDuty's audit records move onto it and keep coming, a few a day.
        vendors.Vendors.AuditRecords.FollowClock(clock, AuditRecordsEvery);
        logger.LogInformation("[sandbox] The simulated PagerDuty records an admin change every {Every} of the simulated clock", AuditRecordsEvery);

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is not null)
        {
            var receiver = new Uri(new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), "/webhooks/gitlab");
            vendors.GitLab.SendWebhooksTo(receiver);
            logger.LogInformation("[sandbox] The simulated GitLab sends its webhooks to {Receiver}", receiver);
        }
        await CancelEarlierRunsAsync(stoppingToken);
        if (string.Equals(configuration["Sandbox:StartRuns"], "false", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        foreach (var audit in audits.Keys)
        {
            var definition = audits.DefinitionFor(audit, configuration);
            if (await definitions.ActiveVersionAsync(definition, stoppingToken) is null)
            {
                logger.LogInformation("[sandbox] No workflow '{Definition}' yet: the {Audit} audit is not started", definition, audit.CliName());
                continue;
            }
            var id = await starter.StartAsync(definition, new JsonObject { ["kind"] = RunKinds.Manual }, null, "sandbox", stoppingToken);
            await runs.EnsureAsync(id, audit.CliName(), RunKinds.Manual, stoppingToken);
            logger.LogInformation("[sandbox] Started the {Audit} audit: run {RunId}; watch it at {Url}", audit.CliName(), id, $"{address}/api/runs/{id}");
        }
    }

    public const string EarlierRunReason =
        "left unfinished by an earlier sandbox: the simulated GitLab and vendors start empty each time, so its issue no longer exists";

    /// <summary>
    /// The simulated vendors keep nothing across restarts, so a run left unfinished by an earlier sandbox (its data
    /// folder kept) would fault on its next call about an issue that no longer exists. Such runs end here, each with
    /// the reason in its journal. Every one was started before this process: runs start only below.
    /// </summary>
    private async Task CancelEarlierRunsAsync(CancellationToken ct)
    {
        var unfinished = await instances.LiveRootIdsAsync(ct);
        foreach (var id in unfinished)
        {
            await operations.CancelAsync(id, "sandbox", ct, EarlierRunReason);
        }
        if (unfinished.Count > 0)
        {
            logger.LogInformation("[sandbox] Cancelled {Count} unfinished run(s) of an earlier sandbox: {Reason}", unfinished.Count, EarlierRunReason);
        }
    }
}
