using System.Text;
using System.Text.RegularExpressions;
using AuditOrchestrator.Api.Definitions;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Runtime;
using Microsoft.Playwright;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>The designer in a real browser, signed in as the demo admin, against the real host and PostgreSQL.</summary>
public sealed class DesignerBrowserTests
{
    private BrowserHost _ui = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _ui = await BrowserHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _ui.DisposeAsync();

    [Test]
    public async Task Designer_AddAStepSeeItsErrorConnectItSaveADraftAndPublish_CreatesVersionsAndShowsTheDiff()
    {
        await DesignerFixtures.ImportAsync(_ui.Api, DesignerFixtures.Reminder.Replace("ui-reminder", "ui-browser", StringComparison.Ordinal));
        await using var app = await _ui.SignedInAsDemoAdminAsync();
        var page = app.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = "Designer" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "ui-browser" }).ClickAsync();
        await Assertions.Expect(page.Locator(".react-flow__node")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("validation")).ToHaveTextAsync("valid");
        await app.ScreenshotAsync("designer-opened");

        // A new Wait step: its required duration is missing and nothing leads to it yet.
        await page.GetByRole(AriaRole.Button, new() { Name = "+ Wait", Exact = true }).ClickAsync();
        var added = page.Locator("[data-step='wait-1']");
        await Assertions.Expect(added.Locator(".step-errors")).ToBeVisibleAsync();
        await page.Locator("#setting-duration").FillAsync("soon");
        var fieldError = page.Locator(".field.invalid .error");
        await Assertions.Expect(fieldError).ToContainTextAsync("soon");
        await app.ScreenshotAsync("designer-setting-error");
        // "48h" is taken as people write it, stored as the definition's TimeSpan and read back in words.
        await page.Locator("#setting-duration").FillAsync("48h");
        await page.Locator("#setting-duration").BlurAsync();
        await Assertions.Expect(page.Locator("#setting-duration")).ToHaveValueAsync("2.00:00:00");
        await Assertions.Expect(page.GetByTestId("duration-duration")).ToHaveTextAsync("2 days");
        await Assertions.Expect(fieldError).ToHaveCountAsync(0);
        await Assertions.Expect(added.Locator(".step-errors")).ToContainTextAsync("cannot be reached");

        // Connect remind --done--> wait-1.
        await page.Locator("[data-step='remind'] .react-flow__handle[data-handleid='done']")
            .DragToAsync(page.Locator("[data-step='wait-1'] .react-flow__handle.target"));
        await Assertions.Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("validation")).ToHaveTextAsync("valid");

        // A step added by mistake is removed again, with nothing left of it.
        await page.GetByRole(AriaRole.Button, new() { Name = "+ Decision", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".react-flow__node")).ToHaveCountAsync(4);
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove step" }).ClickAsync();
        await Assertions.Expect(page.Locator(".react-flow__node")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId("validation")).ToHaveTextAsync("valid");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(HashRoute("ui-browser/2"));
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Publish" })).ToBeEnabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(HashRoute("ui-browser/3"));

        var detail = await _ui.Api.GetAsync<DefinitionsApi.DefinitionDetail>("/api/definitions/ui-browser");
        Assert.That(detail.ActiveVersion, Is.EqualTo(3));
        Assert.That(detail.Versions.Select(v => v.Status), Is.EqualTo(new[] { "published", "draft", "published" }));
        Assert.That(detail.Versions[2].Author, Is.EqualTo("demo-admin"));
        var published = await DesignerFixtures.DefinitionAsync(_ui.Api, "ui-browser", 3);
        Assert.That(published["steps"]!.AsArray().Select(s => (string?)s!["id"]), Does.Contain("wait-1"));

        // Side by side: v1 against v3.
        await page.GetByLabel("From version").SelectOptionAsync("1");
        await page.GetByLabel("To version").SelectOptionAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show diff" }).ClickAsync();
        var diff = page.GetByRole(AriaRole.Dialog, new() { Name = "Version diff" });
        await Assertions.Expect(diff.Locator("tr.added").First).ToContainTextAsync("step wait-1 added");
        await Assertions.Expect(diff.Locator(".step.added")).ToHaveCountAsync(1);
        await app.ScreenshotAsync("designer-diff");
        app.AssertNoConsoleErrors();
    }

    [Test]
    public async Task Designer_ExportsTheEditedDefinitionAsYaml_AndImportsYamlAsADraft()
    {
        await using var app = await _ui.SignedInAsDemoAdminAsync();
        var page = app.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "Designer" }).ClickAsync();

        await page.GetByLabel("Definition YAML").FillAsync(DesignerFixtures.Reminder.Replace("ui-reminder", "ui-imported", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(HashRoute("ui-imported/1"));
        await Assertions.Expect(page.Locator(".toolbar")).ToContainTextAsync("v1 draft");
        await page.GetByRole(AriaRole.Button, new() { Name = "Export YAML" }).ClickAsync();

        var exported = await page.GetByRole(AriaRole.Dialog, new() { Name = "Export yaml" }).Locator("textarea").InputValueAsync();
        Assert.That(exported, Does.Contain("id: ui-imported").And.Contain("activity: RecordEffect"));
        app.AssertNoConsoleErrors();
    }

    [Test]
    public async Task Designer_LaysOutASixtyStepDefinition_AndPrintsHowLongItTook()
    {
        await DesignerFixtures.ImportAsync(_ui.Api, SixtySteps());
        await using var app = await _ui.SignedInAsDemoAdminAsync();

        var started = DateTimeOffset.UtcNow;
        await app.GotoAsync("#/designer/ui-sixty");
        await Assertions.Expect(app.Page.Locator(".react-flow__node")).ToHaveCountAsync(60);
        var designer = app.Page.Locator(".designer[data-rendered-ms]:not([data-rendered-ms=''])");
        var inPage = await designer.GetAttributeAsync("data-rendered-ms");
        var wall = DateTimeOffset.UtcNow - started;

        await TestContext.Out.WriteLineAsync($"designer: 60 steps laid out and rendered in {inPage} ms (in the page); page load to 60 nodes on screen {wall.TotalMilliseconds:F0} ms");
        await app.ScreenshotAsync("designer-sixty-steps");
        app.AssertNoConsoleErrors();
    }

    [Test]
    public async Task Viewer_SignedInWithAPastedApiToken_SeesTheDesignerWithoutAnyAction()
    {
        await DesignerFixtures.ImportAsync(_ui.Api, DesignerFixtures.Reminder.Replace("ui-reminder", "ui-viewer", StringComparison.Ordinal));
        var created = await _ui.Api.CreateTokenAsync("viewer-in-browser", "viewer");
        await using var app = await _ui.Browser.OpenAsync(_ui.Server.BaseAddress);
        await app.SignInWithTokenAsync(created.Secret, "(viewer)");
        await app.GotoAsync("#/designer/ui-viewer");
        await Assertions.Expect(app.Page.Locator(".react-flow__node")).ToHaveCountAsync(2);
        await app.Page.Locator("[data-step='wait']").ClickAsync();

        await Assertions.Expect(app.Page.Locator("#setting-duration")).ToBeDisabledAsync();
        foreach (var action in new[] { "Save draft", "Publish", "Remove step", "+ Wait" })
        {
            await Assertions.Expect(app.Page.GetByRole(AriaRole.Button, new() { Name = action, Exact = true })).ToHaveCountAsync(0);
        }
        await Assertions.Expect(app.Page.GetByRole(AriaRole.Link, new() { Name = "API tokens" })).ToHaveCountAsync(0);
        await app.ScreenshotAsync("designer-viewer");
        app.AssertNoConsoleErrors();
    }

    // Polled rather than awaited as a navigation event: a hash change can land before a waiter is listening.
    private static Regex HashRoute(string route) => new("#/designer/" + Regex.Escape(route) + "$");

    [Test]
    public async Task Designer_TestRunOfADraft_StartsAnInstanceOfThatDraftVersion()
    {
        var saved = await DesignerFixtures.ImportAsync(_ui.Api, DesignerFixtures.Reminder.Replace("ui-reminder", "ui-test-run", StringComparison.Ordinal), status: "draft");
        var version = (int)saved["version"]!;
        await using var app = await _ui.SignedInAsDemoAdminAsync();
        var page = app.Page;

        await app.GotoAsync($"#/designer/ui-test-run/{version}");
        await Assertions.Expect(page.Locator(".toolbar .badge").First).ToContainTextAsync("draft");
        await page.GetByRole(AriaRole.Button, new() { Name = "Test run" }).ClickAsync();

        var status = page.GetByRole(AriaRole.Status);
        await Assertions.Expect(status).ToContainTextAsync($"Test run of v{version} started: instance ");
        var instanceId = Regex.Match(await status.InnerTextAsync(), "instance ([0-9a-f-]{36})").Groups[1].Value;
        var instance = await _ui.Api.InstanceAsync(Guid.Parse(instanceId));
        Assert.Multiple(() =>
        {
            Assert.That(instance.Instance.DefinitionId, Is.EqualTo("ui-test-run"));
            Assert.That(instance.Instance.DefinitionVersion, Is.EqualTo(version), "the draft itself, not a published version");
            Assert.That(instance.Variables["testRun"]!.GetValue<bool>(), Is.True);
        });
        await app.ScreenshotAsync("designer-test-run");
        app.AssertNoConsoleErrors();
    }

    [Test]
    public async Task Instances_AdminMovesAWaitingInstance_RefusedWhereItsStepIsGone_MovedWhereItExists()
    {
        var v1 = DesignerFixtures.Reminder.Replace("ui-reminder", "ui-migrate", StringComparison.Ordinal);
        await DesignerFixtures.ImportAsync(_ui.Api, v1);
        var id = await _ui.Api.StartInstanceAsync("ui-migrate");
        await Eventually.HoldsAsync(async () =>
            await _ui.Api.StatusAsync(id) == "waiting",
            TimeSpan.FromSeconds(30), "the instance waits at its first step");
        await DesignerFixtures.ImportAsync(_ui.Api, v1.Replace("start: wait", "start: pause", StringComparison.Ordinal)
            .Replace("- id: wait", "- id: pause", StringComparison.Ordinal));
        await DesignerFixtures.ImportAsync(_ui.Api, v1.Replace("3.00:00:00", "4.00:00:00", StringComparison.Ordinal));
        await using var app = await _ui.SignedInAsDemoAdminAsync();
        var page = app.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = "Instances" }).ClickAsync();
        await page.GetByLabel("Definition").SelectOptionAsync("ui-migrate");
        var row = page.Locator($"tr[data-instance='{id}']");
        await row.GetByRole(AriaRole.Link, new() { Name = "ui-migrate" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("instance-status")).ToHaveTextAsync("waiting");
        await page.GetByRole(AriaRole.Button, new() { Name = "Move to version…" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Move the instance to another version" });
        await dialog.GetByLabel("Version").FillAsync("2");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("step 'wait', which version 2 does not have");
        await app.ScreenshotAsync("instances-move-refused");
        await dialog.GetByLabel("Version").FillAsync("3");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();

        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("notice")).ToHaveTextAsync("The instance now follows version 3.");
        await Assertions.Expect(page.Locator(".instance-page h2")).ToContainTextAsync("version 3");
        await app.ScreenshotAsync("instance-moved");
        var journal = (await _ui.Api.InstanceAsync(id)).Journal;
        Assert.That(journal.Any(e => e.Kind == "operator-action" && e.Actor == "demo-admin"),
            Is.True, "the move is journalled with who did it");
        // The refusal is the server's expected 409 answer, which the browser reports as a failed resource load.
        app.Errors.RemoveAll(e => e.Contains("status of 409", StringComparison.Ordinal));
        app.AssertNoConsoleErrors();
    }

    [Test]
    public async Task Designer_WhenTheSessionHasEnded_KeepsTheEditAsksToSignInAgainAndThenSavesIt()
    {
        await DesignerFixtures.ImportAsync(_ui.Api, DesignerFixtures.Reminder.Replace("ui-reminder", "ui-session", StringComparison.Ordinal));
        await using var app = await _ui.SignedInAsDemoAdminAsync();
        var page = app.Page;
        await app.GotoAsync("#/designer/ui-session");
        await Assertions.Expect(page.GetByTestId("validation")).ToHaveTextAsync("valid");

        // The session ends under the open designer (its cookie is gone, as when it expires); the edit goes on undisturbed.
        await page.Context.ClearCookiesAsync();
        await page.Locator("[data-step='wait']").ClickAsync();
        await page.Locator("#setting-duration").FillAsync("5d");
        await page.Locator("#setting-duration").BlurAsync();
        await Assertions.Expect(page.GetByTestId("validation")).ToHaveTextAsync("not checked: signed out");
        Assert.That(page.Url, Does.EndWith("#/designer/ui-session"));

        // Save: the app asks to sign in again, and says the change is kept.
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("session-ended")).ToContainTextAsync("unsaved changes in the designer are kept");
        await app.ScreenshotAsync("designer-session-ended");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as demo admin" }).ClickAsync();

        // Back in the designer, the change is saved as the next draft, nothing lost.
        await Assertions.Expect(page).ToHaveURLAsync(HashRoute("ui-session/2"));
        await Assertions.Expect(page.Locator(".designer .message")).ToContainTextAsync("Saved as draft version 2: your changes were kept while you signed in again.");
        var saved = await DesignerFixtures.DefinitionAsync(_ui.Api, "ui-session", 2);
        Assert.That(DesignerFixtures.Step(saved, "wait")["settings"]!.ToJsonString(), Does.Contain("5.00:00:00"));
        await app.ScreenshotAsync("designer-saved-after-sign-in");
        // The 401s of the ended session are the expected answers, reported by the browser as failed loads.
        app.Errors.RemoveAll(e => e.Contains("status of 401", StringComparison.Ordinal));
        app.AssertNoConsoleErrors();
    }

    // A chain of decisions, each with a side branch that joins the next: wide enough to make the layout work.
    private static string SixtySteps()
    {
        var yaml = new StringBuilder("id: ui-sixty\nname: Sixty steps\nstart: s0\nsteps:\n");
        for (var i = 0; i < 60; i++)
        {
            var decision = i % 3 == 0 && i + 2 < 60;
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"  - id: s{i}\n    activity: {(decision ? "Decision" : "SetVariable")}\n    level: item\n    settings:\n");
            yaml.Append(decision ? "      variable: flag\n" : "      name: flag\n      value: \"true\"\n");
            if (i + 1 < 60)
            {
                if (decision)
                {
                    yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"    next:\n      yes: s{i + 1}\n      no: s{i + 2}\n");
                }
                else
                {
                    yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"    next:\n      done: s{i + 1}\n");
                }
            }
        }
        return yaml.ToString();
    }
}
