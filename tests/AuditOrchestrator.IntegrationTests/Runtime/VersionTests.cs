using System.Net;
using System.Net.Http.Json;
using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.Engine.Versions;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Runtime;

public sealed class VersionTests : RuntimeTest
{
    [Test]
    public async Task RunningInstance_KeepsItsVersion_WhenANewVersionIsPublished()
    {
        var id = await Host.Admin.StartInstanceAsync("wait-then-record");
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(id) == "waiting", Patience, "waits");

        await PublishAsync("wait-then-record", 2, yaml => yaml.Replace("id: record", "id: record-v2", StringComparison.Ordinal)
            .Replace("elapsed: record", "elapsed: record-v2", StringComparison.Ordinal));
        var newer = await Host.Admin.StartInstanceAsync("wait-then-record");

        var first = await Host.Admin.InstanceAsync(id);
        var second = await Host.Admin.InstanceAsync(newer);
        Assert.That(first.Instance.DefinitionVersion, Is.EqualTo(1));
        Assert.That(second.Instance.DefinitionVersion, Is.EqualTo(2));
        Host.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromSeconds(1));
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(id) == "completed", Patience, "v1 instance completes on v1");
        Assert.That((await Host.Admin.InstanceAsync(id)).Journal.Count(e => e.StepId == "record"), Is.GreaterThan(0));
    }

    [Test]
    public async Task Migrate_IsRefusedWhenTheCurrentStepIsMissing_AndAllowedWhenItExists()
    {
        var id = await Host.Admin.StartInstanceAsync("wait-then-record");
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(id) == "waiting", Patience, "waits at step 'wait'");
        await PublishAsync("wait-then-record", 2, yaml => yaml.Replace("id: wait", "id: pause", StringComparison.Ordinal)
            .Replace("start: wait", "start: pause", StringComparison.Ordinal));
        await PublishAsync("wait-then-record", 3, yaml => yaml.Replace("key: after-wait", "key: after-wait-v3", StringComparison.Ordinal));

        var refused = await Host.Admin.PostAsJsonAsync($"/api/instances/{id}/actions/migrate", new { version = 2 });
        var moved = await Host.Admin.PostAsJsonAsync($"/api/instances/{id}/actions/migrate", new { version = 3 });

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("'wait'"));
        Assert.That(moved.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await Host.Admin.InstanceAsync(id)).Instance.DefinitionVersion, Is.EqualTo(3));
    }

    private async Task PublishAsync(string definitionId, int version, Func<string, string> change)
    {
        var yaml = change(await File.ReadAllTextAsync(Path.Combine(RuntimeHost.Workflows, $"{definitionId}.yaml")));
        var registry = Host.Service.Services.GetRequiredService<AuditOrchestrator.Engine.Activities.ActivityRegistry>();
        var parsed = AuditOrchestrator.Engine.Definitions.DefinitionParser.Parse($"{definitionId}.yaml", yaml, registry);
        Assert.That(parsed.Errors, Is.Empty);
        var contexts = Host.Service.Services.GetRequiredService<IDbContextFactory<OrchestratorDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        db.DefinitionVersions.Add(new DefinitionVersion
        {
            DefinitionId = definitionId,
            Version = version,
            Status = VersionStatus.Published,
            Origin = VersionOrigin.Designer,
            Author = "test",
            Yaml = yaml,
            DefinitionJson = AuditOrchestrator.Engine.Definitions.DefinitionJson.Serialize(parsed.Definition!),
            CreatedAt = DateTimeOffset.UnixEpoch,
        });
        await db.SaveChangesAsync();
    }
}
