using System.Text.Json;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace AuditOrchestrator.IntegrationTests.Ui;

public sealed partial class RunPageBrowserTests
{
    [Test, Order(1)]
    public async Task RunActionsAndDesignerPalette_WorkWithTheKeyboardOnly()
    {
        await using var app = await SignedInAsync(await TokenAsync("ui-keyboard-admin", "admin"));
        var page = app.Page;

        // The run page: Tab to an item's "Extend wait" (one the operator test leaves alone), open its dialog with Enter,
        // type the duration, confirm with Enter.
        await app.GotoAsync($"#/runs/{run}");
        await Assertions.Expect(page.Locator("table.items tbody tr")).ToHaveCountAsync(5);
        string[] usedElsewhere = ["alice", "bob", "carol", "dave"];
        var ids = await page.Locator("table.items tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.item)");
        var item = ids.First(i => !usedElsewhere.Contains(i));
        await Assertions.Expect(Row(page, item).GetByRole(AriaRole.Button, new() { Name = "Extend wait" })).ToBeVisibleAsync();
        var due = await DueAtAsync(item);
        await TabToAsync(page, $"tr[data-item='{item}'] button", "Extend wait");
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Extend the wait" });
        await Assertions.Expect(dialog.GetByLabel("By")).ToBeFocusedAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(app, "the run page's action dialog");
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("2d");
        await Assertions.Expect(dialog.GetByTestId("input-check")).ToHaveTextAsync("= 2 days");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("notice")).ToContainTextAsync("wait now ends 2 days later.");
        await Eventually.HoldsAsync(async () => await DueAtAsync(item) == due + TimeSpan.FromDays(2),
            TimeSpan.FromSeconds(30), "the item's timer moved two days later");

        // A dialog opened by mistake closes with Escape, and nothing is done.
        await TabToAsync(page, $"tr[data-item='{item}'] button", "Skip wait");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Skip the wait" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        // The designer: Tab to the palette's first activity and add it with Enter; the new step opens for editing.
        await app.GotoAsync("#/designer/pagerduty-quarterly");
        var palette = page.GetByRole(AriaRole.Complementary, new() { Name = "Palette" });
        var first = palette.GetByRole(AriaRole.Button).First;
        await Assertions.Expect(first).ToBeVisibleAsync();
        var label = (await first.TextContentAsync())!.Trim();
        var steps = await page.Locator(".react-flow__node").CountAsync();
        await TabToAsync(page, "aside.palette button", label);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".react-flow__node")).ToHaveCountAsync(steps + 1);
        await Assertions.Expect(page.GetByText("unsaved changes")).ToBeVisibleAsync();
        await app.ScreenshotAsync("designer-keyboard-added-step");
        app.AssertNoConsoleErrors();
    }

    [Test, Order(4)]
    public async Task EveryPage_HasNoSeriousOrCriticalAxeViolation()
    {
        var signIn = await browser.OpenAsync(host.Admin.BaseAddress!);
        await using (signIn)
        {
            await signIn.GotoAsync();
            await Assertions.Expect(signIn.Page.GetByLabel("Or paste an API token")).ToBeVisibleAsync();
            await Accessibility.AssertNoSeriousViolationsAsync(signIn, "the sign-in page");
        }

        await using var app = await SignedInAsync(await TokenAsync("ui-axe-admin", "admin"));
        var page = app.Page;
        var instance = (await host.RunAsync(run)).Items![0].InstanceId;
        (string Hash, ILocator Ready)[] pages =
        [
            ("#/runs", page.Locator($"tr[data-run='{run}']")),
            ($"#/runs/{run}", page.Locator("table.items tbody tr").First),
            ("#/instances", page.Locator("table tbody tr").First),
            ($"#/instances/{instance}", page.GetByTestId("instance-person")),
            ("#/designer", page.Locator("table tbody tr").First),
            ("#/designer/pagerduty-quarterly", page.Locator(".react-flow__node").First),
            ("#/people/dave", page.Locator("article.person-run").First),
            ("#/sources", page.GetByRole(AriaRole.Heading, new() { Name = "Audit records" })),
            ("#/settings", page.Locator("table.settings")),
            ("#/tokens", page.GetByRole(AriaRole.Heading, new() { Name = "API tokens" })),
        ];
        var found = new List<string>();
        foreach (var (hash, ready) in pages)
        {
            await app.GotoAsync(hash);
            await Assertions.Expect(ready).ToBeVisibleAsync();
            found.AddRange(await Accessibility.SeriousViolationsAsync(app, hash));
        }
        Assert.That(found, Is.Empty, "serious or critical axe violations");
        app.AssertNoConsoleErrors();
    }

    /// <summary>Presses Tab until the focused element is the one named, as a keyboard user would; fails if it never comes.</summary>
    private static async Task TabToAsync(IPage page, string selector, string name)
    {
        for (var press = 0; press < 300; press++)
        {
            await page.Keyboard.PressAsync("Tab");
            var reached = await page.EvaluateAsync<bool>(
                "([selector, name]) => { const e = document.activeElement; return !!e && e.matches(selector) && e.textContent.trim() === name; }",
                new[] { selector, name });
            if (reached) return;
        }
        Assert.Fail($"Tab never reached \"{name}\" ({selector}).");
    }
}
