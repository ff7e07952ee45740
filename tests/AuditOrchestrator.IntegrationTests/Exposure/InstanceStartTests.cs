using System.Net;
using System.Net.Http.Json;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Api.Definitions;
using AuditOrchestrator.Api.Instances;

namespace AuditOrchestrator.IntegrationTests.Exposure;

/// <summary>Against real vendors, POST /api/instances starts only published audits, by an admin, journalled.</summary>
public sealed class InstanceStartTests
{
    private TestDatabase _database = null!;
    private ServiceFactory _service = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _service = new ServiceFactory(_database, new Dictionary<string, string?> { ["environment"] = "Production" });
        _admin = _service.CreateClient(ServiceFactory.BootstrapToken);
        Assert.That((await _admin.GetAsync(new Uri("/api/definitions/pagerduty-quarterly", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _admin.Dispose();
        await _service.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Operator_StartingAnyInstance_IsRefused()
    {
        using var operatorClient = _service.CreateClient(await TokenAsync("operator"));

        var response = await operatorClient.PostAsJsonAsync("/api/instances", new { definition = "pagerduty-quarterly" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Admin_StartingADraftOfAnAudit_IsRefused()
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Workflows, "pagerduty-quarterly.yaml"));
        var import = await _admin.PostAsJsonAsync("/api/definitions/import",
            new { yaml = yaml.Replace("\nname: ", "\nname: Draft of ", StringComparison.Ordinal), status = "draft" });
        Assert.That(import.StatusCode, Is.EqualTo(HttpStatusCode.Created), await import.Content.ReadAsStringAsync());
        var draft = (await import.Content.ReadAsync<DesignerApi.SavedVersion>()).Version;

        var response = await _admin.PostAsJsonAsync("/api/instances", new { definition = "pagerduty-quarterly", version = draft });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("not published"));
        Assert.That(await CountAsync("pagerduty-quarterly", draft), Is.Zero);
    }

    [Test]
    public async Task Admin_StartingAChildFlow_IsRefused()
    {
        var response = await _admin.PostAsJsonAsync("/api/instances", new { definition = "followup-item", variables = new { person = "anyone" } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("not an audit"));
        Assert.That(await _database.ScalarAsync<long>("SELECT count(*) FROM workflow_instances WHERE definition_id = 'followup-item'"), Is.Zero);
    }

    [Test]
    public async Task Admin_StartingAPublishedAudit_IsAccepted_AndJournalledWithTheActor()
    {
        var response = await _admin.PostAsJsonAsync("/api/instances", new { definition = "pagerduty-quarterly" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var id = (await response.Content.ReadAsync<InstancesApi.Started>()).Id;
        Assert.That(await _database.ScalarAsync<string>($"SELECT actor FROM workflow_journal WHERE instance_id = '{id}' AND kind = 'started'"), Is.EqualTo("bootstrap-admin"));
    }

    private Task<long> CountAsync(string definition, int version) =>
        _database.ScalarAsync<long>($"SELECT count(*) FROM workflow_instances WHERE definition_id = '{definition}' AND definition_version = {version}")!;

    private async Task<string> TokenAsync(string role)
    {
        return (await _admin.CreateTokenAsync($"start-{role}-{Guid.NewGuid():N}", role)).Secret;
    }
}
