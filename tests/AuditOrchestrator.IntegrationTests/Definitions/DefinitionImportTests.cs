using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.Api.Definitions;
using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.Engine.Versions;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Definitions;

public sealed class DefinitionImportTests
{
    private const string Reminder = """
        id: reminder
        name: Reminder
        start: wait
        steps:
          - id: wait
            activity: Wait
            level: item
            settings:
              duration: "3.00:00:00"
            next:
              elapsed: remind
          - id: remind
            activity: RecordEffect
            level: item
            settings:
              key: remind
        """;

    private const string Broken = """
        id: broken
        name: Broken
        start: wait
        steps:
          - id: wait
            activity: Wait
            level: item
            settings:
              duration: "soon"
        """;

    private string _directory = null!;
    private TestDatabase _database = null!;

    [SetUp]
    public async Task CreateAsync()
    {
        _directory = Directory.CreateTempSubdirectory("ao-workflows-").FullName;
        _database = await TestDatabase.CreateAsync();
    }

    [TearDown]
    public async Task DeleteAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task Start_ImportsValidFiles_ListsRejectedFileWithLineAndField()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "reminder.yaml"), Reminder);
        await File.WriteAllTextAsync(Path.Combine(_directory, "broken.yaml"), Broken);

        await using var service = Start();
        var list = await service.CreateClient(ServiceFactory.BootstrapToken).GetAsync<DefinitionsApi.DefinitionList>("/api/definitions");

        Assert.That(list.Definitions.Select(d => d.Id), Is.EqualTo(new[] { "reminder" }));
        var rejected = list.RejectedFiles[0];
        Assert.That(rejected.File, Is.EqualTo("broken.yaml"));
        Assert.That(rejected.Errors[0], Does.Contain("broken.yaml:9:").And.Contain("steps[0].settings.duration"));
    }

    [Test]
    public async Task Restart_WithUnchangedFile_MakesNoNewVersion_ChangedFile_PublishesNext()
    {
        var file = Path.Combine(_directory, "reminder.yaml");
        await File.WriteAllTextAsync(file, Reminder);
        await using (var first = Start())
        {
            await first.CreateClient(ServiceFactory.BootstrapToken).GetAsync(new Uri("/api/definitions", UriKind.Relative));
        }
        await using (var second = Start())
        {
            var detail = await second.CreateClient(ServiceFactory.BootstrapToken).GetAsync<DefinitionsApi.DefinitionDetail>("/api/definitions/reminder");
            Assert.That(detail.Versions, Has.Count.EqualTo(1));
        }

        await File.WriteAllTextAsync(file, Reminder.Replace("3.00:00:00", "4.00:00:00", StringComparison.Ordinal));
        await using var third = Start();
        var client = third.CreateClient(ServiceFactory.BootstrapToken);
        var after = await client.GetAsync<DefinitionsApi.DefinitionDetail>("/api/definitions/reminder");
        Assert.That(after.ActiveVersion, Is.EqualTo(2));
        var version = await client.GetAsync<DefinitionsApi.VersionDetail>("/api/definitions/reminder/versions/2");
        Assert.That(version.Yaml, Does.Contain("4.00:00:00"));
        Assert.That(version.Mermaid, Does.StartWith("graph TD"));
        Assert.That(version.Version.Origin, Is.EqualTo("file"));
    }

    [Test]
    public async Task ChangedFile_WhileDesignerVersionIsActive_IsImportedAsFlaggedDraft()
    {
        var file = Path.Combine(_directory, "reminder.yaml");
        await File.WriteAllTextAsync(file, Reminder);
        await using (var first = Start())
        {
            await PublishDesignerCopyAsync(first);
        }

        await File.WriteAllTextAsync(file, Reminder.Replace("3.00:00:00", "5.00:00:00", StringComparison.Ordinal));
        await using var second = Start();
        var detail = await second.CreateClient(ServiceFactory.BootstrapToken).GetAsync<DefinitionsApi.DefinitionDetail>("/api/definitions/reminder");

        Assert.That(detail.ActiveVersion, Is.EqualTo(2), "the designer's version stays active");
        var imported = detail.Versions[2];
        Assert.Multiple(() =>
        {
            Assert.That(imported.Status, Is.EqualTo("draft"));
            Assert.That(imported.Flagged, Does.Contain("designer version 2"));
        });
    }

    [Test]
    public async Task UnknownDefinition_Is404Problem()
    {
        await using var service = Start();
        var response = await service.CreateClient(ServiceFactory.BootstrapToken).GetAsync(new Uri("/api/definitions/nope", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    private ServiceFactory Start() => new(_database, new Dictionary<string, string?> { ["Workflows:Directory"] = _directory });

    // The designer's save-and-publish arrives with the admin UI; until then its row is written as the designer will write it.
    private static async Task PublishDesignerCopyAsync(ServiceFactory service)
    {
        var contexts = service.Services.GetRequiredService<IDbContextFactory<OrchestratorDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var fromFile = await db.DefinitionVersions.SingleAsync(v => v.DefinitionId == "reminder");
        db.DefinitionVersions.Add(new DefinitionVersion
        {
            DefinitionId = "reminder",
            Version = 2,
            Status = VersionStatus.Published,
            Origin = VersionOrigin.Designer,
            Author = "alice",
            Yaml = fromFile.Yaml,
            DefinitionJson = fromFile.DefinitionJson,
            CreatedAt = DateTimeOffset.UnixEpoch,
        });
        await db.SaveChangesAsync();
    }
}
