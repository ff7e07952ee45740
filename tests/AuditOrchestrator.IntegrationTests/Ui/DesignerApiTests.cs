using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Api.Definitions;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Runtime;
using Microsoft.AspNetCore.Http;
using static AuditOrchestrator.IntegrationTests.Ui.DesignerFixtures;

namespace AuditOrchestrator.IntegrationTests.Ui;

public sealed class DesignerApiTests
{
    private TestDatabase _database = null!;
    private ServiceFactory _service = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _service = new ServiceFactory(_database, UiHost.Settings());
        _admin = _service.CreateClient(ServiceFactory.BootstrapToken);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _admin.Dispose();
        await _service.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Validate_WhenAWaitIsNotADuration_NamesTheSettingOfThatStep()
    {
        var definition = await ImportedAsync("ui-validate-duration");
        Step(definition, "wait")["settings"]!["duration"] = new JsonObject { ["type"] = "duration", ["value"] = "soon" };

        var result = await ValidateAsync(definition);

        Assert.That(result.Errors.Single().Field, Is.EqualTo("steps[0].settings.duration"));
    }

    [Test]
    public async Task Validate_WhenAnEdgeLeadsNowhereAndARequiredSettingIsMissing_ReportsBothWithTheirFields()
    {
        var definition = await ImportedAsync("ui-validate-edge");
        Step(definition, "wait")["next"] = new JsonArray(new JsonObject { ["outcome"] = "elapsed", ["to"] = "nowhere" });
        Step(definition, "remind")["settings"] = new JsonObject();

        var fields = (await ValidateAsync(definition)).Errors.Select(e => e.Field).ToList();
        Assert.That(fields, Has.Some.StartsWith("steps[0].next"));
        Assert.That(fields, Has.Member("steps[1].settings.key"));
    }

    [Test]
    public async Task Validate_WhenTheDefinitionIsValid_ReportsNoErrors()
    {
        var definition = await ImportedAsync("ui-validate-ok");

        var result = await ValidateAsync(definition);

        Assert.That(result.Errors, Is.Empty);
    }

    [Test]
    public async Task SaveDraft_CreatesADesignerVersionThatIsNotActive()
    {
        var definition = await ImportedAsync("ui-draft");
        Step(definition, "wait")["settings"]!["duration"] = new JsonObject { ["type"] = "duration", ["value"] = "4.00:00:00" };

        var response = await _admin.PostAsJsonAsync("/api/definitions/ui-draft/versions", new { status = "draft", definition });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var detail = await DetailAsync("ui-draft");
        Assert.That(detail.ActiveVersion, Is.EqualTo(1));
        var v2 = detail.Versions[1];
        Assert.That(v2.Status, Is.EqualTo("draft"));
        Assert.That(v2.Origin, Is.EqualTo("designer"));
        Assert.That(v2.Author, Is.EqualTo("bootstrap-admin"));
        var stored = await DefinitionAsync(_admin, "ui-draft", 2);
        Assert.That((string?)Step(stored, "wait")["settings"]!["duration"]!["value"], Is.EqualTo("4.00:00:00"));
    }

    [Test]
    public async Task Publish_CreatesTheNewActiveVersion_AndARunningInstanceStaysOnItsOwn()
    {
        var definition = await ImportedAsync("ui-publish");
        var instanceId = await _admin.StartInstanceAsync("ui-publish");
        Step(definition, "remind")["label"] = "Remind them";

        var response = await _admin.PostAsJsonAsync("/api/definitions/ui-publish/versions", new { status = "published", definition });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await response.Content.ReadAsync<DesignerApi.SavedVersion>()).Version, Is.EqualTo(2));
        Assert.That((await DetailAsync("ui-publish")).ActiveVersion, Is.EqualTo(2));
        Assert.That((await _admin.InstanceAsync(instanceId)).Instance.DefinitionVersion, Is.EqualTo(1));
    }

    [Test]
    public async Task Save_WhenTheDefinitionBreaksARule_Is400NamingTheFieldAndStoresNothing()
    {
        var definition = await ImportedAsync("ui-invalid");
        definition["start"] = "missing";

        var response = await _admin.PostAsJsonAsync("/api/definitions/ui-invalid/versions", new { status = "published", definition });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.Content.ReadAsync<HttpValidationProblemDetails>()).Errors;
        Assert.That(errors, Contains.Key("start"));
        Assert.That((await DetailAsync("ui-invalid")).Versions, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Save_WhenTheRouteNamesAnotherDefinition_Is400()
    {
        var definition = await ImportedAsync("ui-route");

        var response = await _admin.PostAsJsonAsync("/api/definitions/other/versions", new { status = "draft", definition });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Content.ReadAsync<HttpValidationProblemDetails>()).Errors, Contains.Key("id"));
    }

    [TestCase("viewer")]
    [TestCase("operator")]
    public async Task Save_AsANonAdmin_Is403(string role)
    {
        var definition = await ImportedAsync("ui-forbidden-" + role);
        var created = await _admin.CreateTokenAsync("designer-" + role, role);
        var client = _service.CreateClient(created.Secret);

        var save = await client.PostAsJsonAsync($"/api/definitions/ui-forbidden-{role}/versions", new { status = "draft", definition });
        var import = await client.PostAsJsonAsync("/api/definitions/import", new { yaml = Reminder });
        var validate = await client.PostAsJsonAsync("/api/definitions/validate", definition);

        Assert.That(save.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(import.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(validate.StatusCode, Is.EqualTo(HttpStatusCode.OK), "viewers may validate: it changes nothing");
    }

    [Test]
    public async Task Import_WhenTheYamlHasAnError_ReportsTheFieldAndItsLine()
    {
        var yaml = Reminder.Replace("ui-reminder", "ui-import-bad", StringComparison.Ordinal).Replace("3.00:00:00", "soon", StringComparison.Ordinal);

        var response = await _admin.PostAsJsonAsync("/api/definitions/import", new { yaml });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.Content.ReadAsync<HttpValidationProblemDetails>()).Errors;
        Assert.That(errors["steps[0].settings.duration"][0], Does.StartWith("line 9:"));
    }

    [Test]
    public async Task Import_WithoutStatus_StoresADraft()
    {
        var yaml = Reminder.Replace("ui-reminder", "ui-import-draft", StringComparison.Ordinal);

        var response = await _admin.PostAsJsonAsync("/api/definitions/import", new { yaml });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await response.Content.ReadAsync<DesignerApi.SavedVersion>()).Status, Is.EqualTo("draft"));
        Assert.That((await DetailAsync("ui-import-draft")).ActiveVersion, Is.Null);
    }

    [Test]
    public async Task Diff_ReportsAChangedSettingAnAddedStepAndItsEdges()
    {
        var definition = await ImportedAsync("ui-diff");
        var changed = Clone(definition);
        Step(changed, "wait")["settings"]!["duration"] = new JsonObject { ["type"] = "duration", ["value"] = "4.00:00:00" };
        Step(changed, "wait")["next"] = new JsonArray(new JsonObject { ["outcome"] = "elapsed", ["to"] = "again" });
        changed["steps"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "again", ["activity"] = "Wait", ["level"] = "item",
            ["settings"] = new JsonObject { ["duration"] = new JsonObject { ["type"] = "duration", ["value"] = "1.00:00:00" } },
            ["next"] = new JsonArray(new JsonObject { ["outcome"] = "elapsed", ["to"] = "remind" }),
        });
        var saved = await _admin.PostAsJsonAsync("/api/definitions/ui-diff/versions", new { status = "published", definition = changed });
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Created), await saved.Content.ReadAsStringAsync());

        var diff = await _admin.GetAsync<DefinitionDiff>("/api/definitions/ui-diff/diff?from=1&to=2");

        Assert.That(diff.AddedSteps, Is.EqualTo(new[] { "again" }));
        var change = diff.ChangedSteps.Single();
        Assert.That(change.Id, Is.EqualTo("wait"));
        var setting = change.Changes.Single();
        Assert.That(setting.Field, Is.EqualTo("settings.duration"));
        Assert.That(setting.To, Does.StartWith("4."));
        Assert.That(diff.AddedEdges, Has.Count.EqualTo(2));
        Assert.That(diff.RemovedEdges[0].To, Is.EqualTo("remind"));
    }

    [Test]
    public async Task Diff_OfAnUnknownVersion_Is404()
    {
        await ImportedAsync("ui-diff-missing");

        var response = await _admin.GetAsync(new Uri("/api/definitions/ui-diff-missing/diff?from=1&to=9", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Export_AsMermaid_DrawsTheEditedGraph()
    {
        var definition = await ImportedAsync("ui-export");
        Step(definition, "remind")["label"] = "Ping the person";

        var result = await (await _admin.PostAsJsonAsync("/api/definitions/export?format=mermaid", definition)).Content.ReadAsync<DesignerApi.ExportResult>();

        Assert.That(result.Text, Does.Contain("Ping the person").And.Contain("elapsed"));
    }

    private async Task<DesignerApi.ValidationResult> ValidateAsync(JsonObject definition) =>
        await (await _admin.PostAsJsonAsync("/api/definitions/validate", definition)).Content.ReadAsync<DesignerApi.ValidationResult>();

    private Task<DefinitionsApi.DefinitionDetail> DetailAsync(string id) => _admin.GetAsync<DefinitionsApi.DefinitionDetail>($"/api/definitions/{id}");

    private async Task<JsonObject> ImportedAsync(string id)
    {
        var saved = await ImportAsync(_admin, Reminder.Replace("ui-reminder", id, StringComparison.Ordinal));
        return await DefinitionAsync(_admin, id, (int)saved["version"]!);
    }
}
