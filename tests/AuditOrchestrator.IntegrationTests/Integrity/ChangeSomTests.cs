using AuditOrchestrator.IntegrationTests.Runtime;
using System.Net.Http.Json;
using AuditOrchestrator.IntegrationTests.Workflows;

namespace AuditOrchestrator.IntegrationTests.Integrity;

/// <summary>Issue 16, hole 3: a run goes only to a listed SOM (or to anyone by an admin with a reason), journalled and told on the issue.</summary>
public sealed class ChangeSomTests
{
    private const string Backup = "tlead";

    [Test]
    public async Task ChangeSom_ToSomeoneUnlisted_IsRefused_ToAListedSom_IsJournalledAndToldOnTheIssue()
    {
        await using var host = await SmallTeam.StartAsync(moreSettings: new Dictionary<string, string?> { ["SupportOps:Managers:1"] = Backup });
        var run = await host.StartRunAsync();
        var (iid, _) = await host.FirstPingsAsync(run, 5);
        var som = (await host.RunAsync(run)).Som;
        using var operatorClient = await host.ClientWithRoleAsync("operator");

        var unlisted = await operatorClient.PostAsJsonAsync($"/api/runs/{run}/actions/change-som", new { username = "alice" });
        var malformed = await host.Admin.PostAsJsonAsync($"/api/runs/{run}/actions/change-som", new { username = "alice /close", reason = "x" });
        var noReason = await host.Admin.PostAsJsonAsync($"/api/runs/{run}/actions/change-som", new { username = "alice" });
        Assert.Multiple(async () =>
        {
            Assert.That((int)unlisted.StatusCode, Is.EqualTo(403), await unlisted.Content.ReadAsStringAsync());
            Assert.That((int)malformed.StatusCode, Is.EqualTo(400));
            Assert.That((int)noReason.StatusCode, Is.EqualTo(400));
            Assert.That((await host.RunAsync(run)).Som, Is.EqualTo(som));
        });

        var other = som == Backup ? FollowUpHost.Som : Backup;
        var listed = await operatorClient.PostAsJsonAsync($"/api/runs/{run}/actions/change-som", new { username = other });
        Assert.That((int)listed.StatusCode, Is.EqualTo(202), await listed.Content.ReadAsStringAsync());
        var byAdmin = await host.Admin.PostAsJsonAsync($"/api/runs/{run}/actions/change-som", new { username = "carol", reason = "Both SOMs are away this week." });
        Assert.That((int)byAdmin.StatusCode, Is.EqualTo(202), await byAdmin.Content.ReadAsStringAsync());

        var changes = (await host.JournalAsync(run)).Where(e => e.Kind == "som-changed").ToList();
        var somNow = (await host.RunAsync(run)).Som;
        var told = host.BotNotes(iid).Where(n => n.Body.Contains("you are now the Support Operations Manager", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(somNow, Is.EqualTo("carol"));
            Assert.That(changes.Select(c => c.Data.Text("to")), Is.EqualTo(new[] { other, "carol" }));
            Assert.That(changes.Select(c => c.Actor).Distinct().Count(), Is.EqualTo(2), "each change names its actor");
            Assert.That(changes[1].Data.Text("reason"), Is.EqualTo("Both SOMs are away this week."));
            Assert.That(told.Select(n => n.Mentions[0]), Is.EqualTo(new[] { other, "carol" }));
            Assert.That(told.Select(n => n.Id), Is.EqualTo(changes.Select(c => c.Data!["noteId"]!.GetValue<long>())));
        });
    }
}
