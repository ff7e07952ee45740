using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>axe-core run on the page as it stands: no serious or critical violation may be on it.</summary>
public static class Accessibility
{
    private static readonly string[] Blocking = ["serious", "critical"];

    public static async Task AssertNoSeriousViolationsAsync(AppPage app, string what) =>
        Assert.That(await SeriousViolationsAsync(app, what), Is.Empty, $"axe on {what}");

    /// <summary>Each serious or critical violation, with the page it is on and up to three of its elements.</summary>
    public static async Task<List<string>> SeriousViolationsAsync(AppPage app, string what)
    {
        AxeResult result = await app.Page.RunAxe();
        return result.Violations
            .Where(v => Blocking.Contains(v.Impact))
            .Select(v => $"{what}: {v.Impact} {v.Id} ({v.Help}): " + string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html)))
            .ToList();
    }
}
