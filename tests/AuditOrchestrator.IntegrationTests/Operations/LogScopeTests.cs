using System.Text.Json;
using System.Text.Json.Nodes;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Runtime;

namespace AuditOrchestrator.IntegrationTests.Operations;

/// <summary>The service's own JSON log lines (its stdout, as a real process), read back.</summary>
public sealed class LogScopeTests : DatabasePerTest
{
    [Test]
    public async Task RunningInstance_EveryLineItLogs_CarriesItsRunAndInstanceIds()
    {
        var (id, lines) = await StepLinesOfAsync(variables: null);

        Assert.Multiple(() =>
        {
            Assert.That(lines.Select(l => l.GetProperty("instanceId").GetString()), Is.All.EqualTo(id.ToString()));
            Assert.That(lines.Select(l => l.GetProperty("runId").GetString()), Is.All.EqualTo(id.ToString()), "a root instance is its own run");
            Assert.That(lines.Select(l => l.GetProperty("definition").GetString()), Is.All.EqualTo("multi-step"));
            Assert.That(lines.Select(l => l.GetProperty("message").GetString()), Has.None.Contain(id.ToString()), "the ids come from the scope, not the message");
        });
    }

    [Test]
    public async Task ItemInstance_EveryLineItLogs_CarriesTheRunItsItemNames()
    {
        var run = Guid.NewGuid();
        var (id, lines) = await StepLinesOfAsync(new JsonObject { ["item"] = new JsonObject { ["runId"] = run.ToString() } });

        Assert.Multiple(() =>
        {
            Assert.That(lines.Select(l => l.GetProperty("instanceId").GetString()), Is.All.EqualTo(id.ToString()));
            Assert.That(lines.Select(l => l.GetProperty("runId").GetString()), Is.All.EqualTo(run.ToString()), "the audits' hook reads item.runId");
        });
    }

    private async Task<(Guid Id, List<JsonElement> Lines)> StepLinesOfAsync(JsonObject? variables)
    {
        await using var cluster = new NodeCluster(Database, new Dictionary<string, string>
        {
            ["Logging__LogLevel__AuditOrchestrator.Engine.Runtime.InstanceRunner"] = "Debug",
        });
        var (node, client) = await cluster.StartNodeAsync();
        var id = await client.StartInstanceAsync("multi-step", variables);
        await Eventually.HoldsAsync(async () => await client.StatusAsync(id) == "completed", TimeSpan.FromSeconds(60), "the instance completes");
        await Eventually.HoldsAsync(() => Task.FromResult(StepLines(node.Output).Count >= 4), TimeSpan.FromSeconds(30), "its step lines are written");
        return (id, StepLines(node.Output));
    }

    private static List<JsonElement> StepLines(string output) =>
    [
        .. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.GetProperty("category").GetString() == "AuditOrchestrator.Engine.Runtime.InstanceRunner"
                && l.GetProperty("message").GetString()!.StartsWith("Step ", StringComparison.Ordinal)),
    ];
}
