using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Workflows;

/// <summary>
/// The item flows read and write their variables through a typed state; an item instance stored by the previous
/// release, as raw JSON in the shape it wrote, resumes on this one.
/// </summary>
public sealed class StoredStateTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Test]
    public async Task ItemWaitingWithVariablesInThePreviousShape_ResumesOnTheAnswer_AndKeepsTheKeys()
    {
        await using var host = await SmallTeam.StartAsync();
        var run = await host.StartRunAsync();
        var (iid, threads) = await host.FirstPingsAsync(run, 5);
        const string Alice = "FROM workflow_instances WHERE variables->'item'->>'id' = 'alice'";
        var item = await host.Database.ScalarAsync<string>($"SELECT (variables->'item')::text {Alice}");
        var noteId = await host.Database.ScalarAsync<string>($"SELECT variables->'thread'->>'noteId' {Alice}");
        var key = await host.Database.ScalarAsync<string>($"SELECT variables->'thread'->>'key' {Alice}");
        var deadline = await host.Database.ScalarAsync<string>($"SELECT variables->>'waitDeadline' {Alice}");
        // What the previous release stored for an item waiting on its first answer, key for key.
        var previous = $$"""
            {"item": {{item}}, "correlationKey": null, "thread": {"discussionId": "{{threads["alice"]}}", "noteId": {{noteId}}, "key": "{{key}}"},
             "audience": "person", "state": "open", "answered": false, "waitDeadline": "{{deadline}}"}
            """;
        Assert.That(await host.Database.ScalarAsync<bool>($"SELECT variables = '{previous}'::jsonb {Alice}"), Is.True,
            $"this release writes the same keys and values as the previous one; it wrote {await host.Database.ScalarAsync<string>($"SELECT variables::text {Alice}")}");
        Assert.That(await host.Database.ScalarAsync<Guid>($"UPDATE workflow_instances SET variables = '{previous}'::jsonb WHERE variables->'item'->>'id' = 'alice' RETURNING id"),
            Is.Not.EqualTo(Guid.Empty));

        host.PagerDuty.AddToSchedule("PSCHED1", "PALICE1");
        await host.ReplyAsync(iid, threads["alice"], "alice", "Added myself to the rotation.");

        await Eventually.HoldsAsync(async () => await host.ItemStateAsync(run, "alice") == "addressed", Patience, "the stored item resumes and passes the re-check");
        Assert.Multiple(async () =>
        {
            Assert.That(await host.Database.ScalarAsync<string>($"SELECT variables->'answers'->0->>'author' {Alice}"), Is.EqualTo("alice"));
            Assert.That(await host.Database.ScalarAsync<bool>($"SELECT (variables->>'answered')::boolean {Alice}"), Is.True);
            Assert.That(await host.Database.ScalarAsync<string>($"SELECT variables->>'state' {Alice}"), Is.EqualTo("addressed"));
            Assert.That(await host.Database.ScalarAsync<string>($"SELECT (variables->'stillFailing')::text {Alice}"), Is.EqualTo("[]"));
            Assert.That(await host.Database.ScalarAsync<bool>($"SELECT variables ? 'recheckDueBy' {Alice}"), Is.False, "the re-check removed its marker");
        });
    }
}
