using AuditOrchestrator.Audits.Registry;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Registry;
using Microsoft.Playwright;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>
/// The admin UI keeps no list of audits of its own: a fifth audit added by its registration alone (Acme) shows on the
/// runs page (filter, kickoff, "Start run") and on the settings page (its keys, and the verify probe it declares) like the four shipped.
/// </summary>
public sealed class RegisteredAuditsBrowserTests
{
    [Test]
    public async Task AnAuditAddedByItsRegistration_IsOfferedOnTheRunsAndSettingsPages()
    {
        var workflows = Directory.CreateTempSubdirectory("ao-ui-acme-").FullName;
        await File.WriteAllTextAsync(Path.Combine(workflows, "acme.yaml"), AcmeAudit.Definition);
        var teamFile = Path.Combine(workflows, "support-team.yaml");
        await File.WriteAllTextAsync(teamFile, AcmeAudit.Team);
        await using var database = await TestDatabase.CreateAsync();
        // No Acme token: its kickoff says which of its keys would turn it on, and a manual run is offered all the same.
        await using var server = ServiceFactory.StartOnKestrel(database,
            UiHost.Settings(("Workflows:Directory", workflows), ("SupportTeam:Source", teamFile)),
            testServices: services => services.AddAudit<AcmeAudit>(AcmeAudit.Declared), testDefaults: false);
        await using var browser = await Browser.LaunchAsync();
        await using var app = await browser.OpenAsync(server.BaseAddress);
        await app.GotoAsync();
        await app.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in as demo admin" }).ClickAsync();
        var page = app.Page;

        var acme = page.GetByTestId("kickoffs").Locator(".kickoff").Filter(new() { HasText = "acme" });
        await Assertions.Expect(acme).ToContainTextAsync("disabled: Audits__Acme__Enabled is false or no token is set");
        await Assertions.Expect(page.GetByLabel("Audit").Locator("option"))
            .ToHaveTextAsync(["any", "pagerduty", "calendly", "zendesk", "zendesk-us-federal", "acme"]);
        await app.ScreenshotAsync("runs-with-acme");

        await acme.GetByRole(AriaRole.Button, new() { Name = "Start run" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Start a acme run" }).GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(page.Locator(".run-page h2")).ToContainTextAsync("acme");

        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Assertions.Expect(page.Locator(".connections .verify button"))
            .ToHaveTextAsync(["Verify gitlab", "Verify pagerduty", "Verify calendly", "Verify zendesk-main", "Verify zendesk-us-federal", "Verify acme", "Verify slack"]);
        await Assertions.Expect(page.Locator("tr[data-key='Audits__Acme__Greeting'] td").Nth(1)).ToHaveTextAsync("hello (default)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify acme" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("verify-acme")).ToContainTextAsync("Not configured (Acme__Token).");
        await app.ScreenshotAsync("settings-with-acme");
        app.AssertNoConsoleErrors();
    }
}
