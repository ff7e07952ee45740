using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;
using Microsoft.Playwright;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>The settings page (masked secrets, verify) and the sources page (the PagerDuty audit records and their chart).</summary>
public sealed class SettingsSourcesBrowserTests
{
    private FollowUpHost host = null!;
    private Browser browser = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        host = await SmallTeam.StartAsync();
        browser = await Browser.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await browser.DisposeAsync();
        await host.DisposeAsync();
    }

    [Test]
    public async Task Settings_ShowSecretsAsSet_AndVerifyReportsWhatTheGitLabTokenCanDo()
    {
        await using var app = await SignedInAsync();
        var page = app.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-key='PagerDuty__Token'] td").Nth(1)).ToHaveTextAsync("(set)");
        await Assertions.Expect(page.Locator("tr[data-key='GitLab__Token'] td").Nth(1)).ToHaveTextAsync("(set)");
        await Assertions.Expect(page.Locator("tr[data-key='SupportOps__Managers'] td").Nth(1)).ToHaveTextAsync(FollowUpHost.Som);
        await Assertions.Expect(page.Locator("tr[data-key='Retention__Journal'] td").Nth(1)).ToHaveTextAsync("730.00:00:00 (730 days) (default)");
        await Assertions.Expect(page.Locator("tr[data-key='Schedule__TimeZone'] td").Nth(1)).ToHaveTextAsync("UTC (default)");
        await Assertions.Expect(page.Locator("tr[data-key='Clock__Skew'] td").Nth(1)).ToHaveTextAsync("not set (no default)");
        await Assertions.Expect(page.Locator("table.settings")).Not.ToContainTextAsync("the default applies");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify gitlab" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("verify-gitlab")).ToContainTextAsync("ok");
        await Assertions.Expect(page.GetByTestId("verify-gitlab")).ToContainTextAsync("support-ops/audits");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify slack" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("verify-slack")).ToContainTextAsync("not configured");
        await app.ScreenshotAsync("settings");

        var content = await page.ContentAsync();
        Assert.That(content, Does.Not.Contain(host.PagerDuty.Token).And.Not.Contain(host.GitLab.Token).And.Not.Contain(host.GitLab.WebhookSecret));
        app.AssertNoConsoleErrors();
    }

    [Test]
    public async Task Sources_ShowTheCollectedRecords_AndTheirCountPerDay()
    {
        // Noon of yesterday and the two days before: minutes either side of it never cross midnight.
        var yesterdayNoon = new DateTimeOffset(DateTime.UtcNow.Date.AddHours(-12), TimeSpan.Zero);
        for (var i = 0; i < 12; i++)
        {
            var at = yesterdayNoon.AddDays(-(i % 3)).AddMinutes(-i);
            await host.Database.ScalarAsync<int?>($$"""
                INSERT INTO pagerduty_audit_logs (id, execution_time, action, actors, root_resource_id, root_resource_type, root_resource_summary, raw, collected_at)
                VALUES ('UIREC{{i:D3}}', '{{at:O}}', 'update', '[{"id":"PADMIN1","type":"user_reference","summary":"Pat Admin"}]',
                        'PSCHED1', 'schedule_reference', 'Primary', '{}', now())
                """);
        }
        await using var app = await SignedInAsync();
        var page = app.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = "Sources" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("source-status")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("tr[data-record^='UIREC']")).ToHaveCountAsync(12);
        await Assertions.Expect(page.Locator("svg.per-day .bar")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("tr[data-record='UIREC000']")).ToContainTextAsync("Pat Admin");
        await Assertions.Expect(page.Locator("[data-source='pagerduty'] button")).ToHaveTextAsync("Verify pagerduty");
        await app.ScreenshotAsync("sources");

        await page.GetByLabel("Actor").FillAsync("nobody-here");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-record]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("records-empty")).ToHaveTextAsync("No records in this range: widen the dates or clear a filter.");
        app.AssertNoConsoleErrors();
    }

    [Test]
    public async Task Sources_DateFilters_AreUtcDays_WhateverTheBrowsersZone()
    {
        // Noon (UTC) of yesterday, the day before and the one before that: four records each.
        var yesterdayNoon = new DateTimeOffset(DateTime.UtcNow.Date.AddHours(-12), TimeSpan.Zero);
        for (var i = 0; i < 12; i++)
        {
            var at = yesterdayNoon.AddDays(-(i % 3)).AddMinutes(-i);
            await host.Database.ScalarAsync<int?>($$"""
                INSERT INTO pagerduty_audit_logs (id, execution_time, action, actors, root_resource_id, root_resource_type, root_resource_summary, raw, collected_at)
                VALUES ('TZREC{{i:D3}}', '{{at:O}}', 'update', '[{"id":"PZONE1","type":"user_reference","summary":"Zoe Zone"}]',
                        'PSCHED1', 'schedule_reference', 'Primary', '{}', now()) ON CONFLICT DO NOTHING
                """);
        }
        // Fourteen hours ahead of UTC: a filter read in the browser's zone would pick the day before's records.
        await using var app = await SignedInAsync("Pacific/Kiritimati");
        var page = app.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "Sources" }).ClickAsync();
        var day = yesterdayNoon.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        await page.GetByLabel("From (UTC)").FillAsync(day);
        await page.GetByLabel("To (UTC)").FillAsync(day);
        await page.GetByLabel("Actor").FillAsync("Zoe Zone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();

        await Assertions.Expect(page.Locator("tr[data-record^='TZREC']")).ToHaveCountAsync(4);
        foreach (var id in new[] { "TZREC000", "TZREC003", "TZREC006", "TZREC009" })
        {
            await Assertions.Expect(page.Locator($"tr[data-record='{id}'] td").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($"^{day} 1[12]:\\d\\d:\\d\\d UTC$"));
        }
        await Assertions.Expect(page.Locator("svg.per-day .bar")).ToHaveCountAsync(1);

        await page.GetByLabel("To (UTC)").FillAsync("09/12/2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page.Locator(".audit-records .error")).ToContainTextAsync("To: write a UTC date such as 2026-12-09");
        await app.ScreenshotAsync("sources-utc-filter");
        app.AssertNoConsoleErrors();
    }

    private async Task<AppPage> SignedInAsync(string? timezoneId = null)
    {
        var app = await browser.OpenAsync(host.Admin.BaseAddress!, timezoneId);
        await app.SignInWithTokenAsync(ServiceFactory.BootstrapToken, "(admin)");
        return app;
    }
}
