using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuditOrchestrator.IntegrationTests.Infrastructure;
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

        var result = await JsonAsync(await _admin.PostAsJsonAsync("/api/definitions/validate", definition));

        var error = result.GetProperty("errors").EnumerateArray().Single();
        Assert.That(error.GetProperty("field").GetString(), Is.EqualTo("steps[0].settings.duration"));
    }

    [Test]
    public async Task Validate_WhenAnEdgeLeadsNowhereAndARequiredSettingIsMissing_ReportsBothWithTheirFields()
    {
        var definition = await ImportedAsync("ui-validate-edge");
        Step(definition, "wait")["next"] = new JsonArray(new JsonObject { ["outcome"] = "elapsed", ["to"] = "nowhere" });
        Step(definition, "remind")["settings"] = new JsonObject();

        var result = await JsonAsync(await _admin.PostAsJsonAsync("/api/definitions/validate", definition));

        var fields = result.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.That(fields, Has.Some.StartsWith("steps[0].next"));
        Assert.That(fields, Has.Member("steps[1].settings.key"));
    }

    [Test]
    public async Task Validate_WhenTheDefinitionIsValid_ReportsNoErrors()
    {
        var definition = await ImportedAsync("ui-validate-ok");

        var result = await JsonAsync(await _admin.PostAsJsonAsync("/api/definitions/validate", definition));

        Assert.That(result.GetProperty("errors").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task SaveDraft_CreatesADesignerVersionThatIsNotActive()
    {
        var definition = await ImportedAsync("ui-draft");
        Step(definition, "wait")["settings"]!["duration"] = new JsonObject { ["type"] = "duration", ["value"] = "4.00:00:00" };

        var response = await _admin.PostAsJsonAsync("/api/definitions/ui-draft/versions", new { status = "draft", definition });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var detail = await _admin.GetFromJsonAsync<JsonElement>("/api/definitions/ui-draft");
        Assert.That(detail.GetProperty("activeVersion").GetInt32(), Is.EqualTo(1));
        var v2 = detail.GetProperty("versions")[1];
        Assert.That(v2.GetProperty("status").GetString(), Is.EqualTo("draft"));
        Assert.That(v2.GetProperty("origin").GetString(), Is.EqualTo("designer"));
        Assert.That(v2.GetProperty("author").GetString(), Is.EqualTo("bootstrap-admin"));
        var stored = await DefinitionAsync(_admin, "ui-draft", 2);
        Assert.That((string?)Step(stored, "wait")["settings"]!["duration"]!["value"], Is.EqualTo("4.00:00:00"));
    }

    [Test]
    public async Task Publish_CreatesTheNewActiveVersion_AndARunningInstanceStaysOnItsOwn()
    {
        var definition = await ImportedAsync("ui-publish");
        var started = await JsonAsync(await _admin.PostAsJsonAsync("/api/instances", new { definition = "ui-publish" }));
        var instanceId = started.GetProperty("id").GetString();
        Step(definition, "remind")["label"] = "Remind them";

        var response = await _admin.PostAsJsonAsync("/api/definitions/ui-publish/versions", new { status = "published", definition });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await JsonAsync(response)).GetProperty("version").GetInt32(), Is.EqualTo(2));
        var detail = await _admin.GetFromJsonAsync<JsonElement>("/api/definitions/ui-publish");
        Assert.That(detail.GetProperty("activeVersion").GetInt32(), Is.EqualTo(2));
        var instance = await _admin.GetFromJsonAsync<JsonElement>($"/api/instances/{instanceId}");
        Assert.That(instance.GetProperty("instance").GetProperty("definitionVersion").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task Save_WhenTheDefinitionBreaksARule_Is400NamingTheFieldAndStoresNothing()
    {
        var definition = await ImportedAsync("ui-invalid");
        definition["start"] = "missing";

        var response = await _admin.PostAsJsonAsync("/api/definitions/ui-invalid/versions", new { status = "published", definition });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.That(errors.TryGetProperty("start", out _), Is.True, errors.ToString());
        var detail = await _admin.GetFromJsonAsync<JsonElement>("/api/definitions/ui-invalid");
        Assert.That(detail.GetProperty("versions").GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task Save_WhenTheRouteNamesAnotherDefinition_Is400()
    {
        var definition = await ImportedAsync("ui-route");

        var response = await _admin.PostAsJsonAsync("/api/definitions/other/versions", new { status = "draft", definition });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await JsonAsync(response)).GetProperty("errors").TryGetProperty("id", out _), Is.True);
    }

    [TestCase("viewer")]
    [TestCase("operator")]
    public async Task Save_AsANonAdmin_Is403(string role)
    {
        var definition = await ImportedAsync("ui-forbidden-" + role);
        var created = await JsonAsync(await _admin.PostAsJsonAsync("/api/tokens", new { name = "designer-" + role, role }));
        var client = _service.CreateClient(created.GetProperty("secret").GetString());

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
        var errors = (await JsonAsync(response)).GetProperty("errors");
        var messages = errors.GetProperty("steps[0].settings.duration");
        Assert.That(messages[0].GetString(), Does.StartWith("line 9:"));
    }

    [Test]
    public async Task Import_WithoutStatus_StoresADraft()
    {
        var yaml = Reminder.Replace("ui-reminder", "ui-import-draft", StringComparison.Ordinal);

        var response = await _admin.PostAsJsonAsync("/api/definitions/import", new { yaml });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var saved = await JsonAsync(response);
        Assert.That(saved.GetProperty("status").GetString(), Is.EqualTo("draft"));
        var detail = await _admin.GetFromJsonAsync<JsonElement>("/api/definitions/ui-import-draft");
        Assert.That(detail.GetProperty("activeVersion").ValueKind, Is.EqualTo(JsonValueKind.Null));
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

        var diff = await _admin.GetFromJsonAsync<JsonElement>("/api/definitions/ui-diff/diff?from=1&to=2");

        Assert.That(diff.GetProperty("addedSteps").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "again" }));
        var change = diff.GetProperty("changedSteps").EnumerateArray().Single();
        Assert.That(change.GetProperty("id").GetString(), Is.EqualTo("wait"));
        var setting = change.GetProperty("changes").EnumerateArray().Single();
        Assert.That(setting.GetProperty("field").GetString(), Is.EqualTo("settings.duration"));
        Assert.That(setting.GetProperty("to").GetString(), Does.StartWith("4."));
        Assert.That(diff.GetProperty("addedEdges").GetArrayLength(), Is.EqualTo(2));
        Assert.That(diff.GetProperty("removedEdges")[0].GetProperty("to").GetString(), Is.EqualTo("remind"));
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

        var result = await JsonAsync(await _admin.PostAsJsonAsync("/api/definitions/export?format=mermaid", definition));

        Assert.That(result.GetProperty("text").GetString(), Does.Contain("Ping the person").And.Contain("elapsed"));
    }

    private async Task<JsonObject> ImportedAsync(string id)
    {
        var saved = await ImportAsync(_admin, Reminder.Replace("ui-reminder", id, StringComparison.Ordinal));
        return await DefinitionAsync(_admin, id, (int)saved["version"]!);
    }
}
