using System.Text.Json;
using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Definitions;

/// <summary>
/// The designer's palette (GET /api/activities) against its committed copy: every activity with its settings,
/// outcomes and descriptions, in order. A change to any descriptor shows here as a diff of activity-palette.json.
/// The service here is the product's alone: the test-only activities (RecordEffect, Fail) are not in its palette.
/// </summary>
public sealed class ActivityPaletteTests
{
    private const string WriteVariable = "AUDITORCHESTRATOR_WRITE_PALETTE";
    private static readonly string Committed =
        Path.Combine(RepositoryPaths.Root, "tests", "AuditOrchestrator.IntegrationTests", "Definitions", "activity-palette.json");

    [Test]
    public async Task Palette_ListsEveryActivityWithItsDescriptor_AsCommitted()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var service = new ServiceFactory(database, testActivities: false);
        using var admin = service.CreateClient(ServiceFactory.BootstrapToken);

        var palette = JsonNode.Parse(await admin.GetStringAsync(new Uri("/api/activities", UriKind.Relative)))!;
        var served = palette.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
        {
            await File.WriteAllTextAsync(Committed, served);
        }

        Assert.That(palette.AsArray().Select(a => a!["name"]!.GetValue<string>()), Does.Not.Contain("RecordEffect").And.Not.Contain("Fail"),
            "the test-only activities are registered by the test hosts, never by the product");
        Assert.That(served, Is.EqualTo(await File.ReadAllTextAsync(Committed)),
            $"The served palette differs from activity-palette.json. If the change is meant, update it with {WriteVariable}=1 scripts/test.sh --filter FullyQualifiedName~ActivityPalette.");
    }

    [Test]
    public async Task Palette_NamesExactlyTheActivitiesTheRuntimeRuns_AliasesIncluded()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var service = new ServiceFactory(database);

        var described = service.Services.GetRequiredService<ActivityRegistry>().All.Select(d => d.Name);
        var implemented = service.Services.GetServices<IActivity>().Select(a => a.Name);

        Assert.That(implemented, Is.EqualTo(described));
    }
}
