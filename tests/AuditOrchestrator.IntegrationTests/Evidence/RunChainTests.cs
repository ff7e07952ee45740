using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuditOrchestrator.Engine.Evidence;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Evidence;

/// <summary>The run's record: one hash chain over the audit instance and every child, and what verify names when it is bent.</summary>
public sealed class RunChainTests : RuntimeTest
{
    private RunRecord Record => Host.Service.Services.GetRequiredService<RunRecord>();

    [Test]
    public async Task FanOutRun_EntriesOfTheRunAndOfChildrenAppendingAtOnce_FormOneIntactChain()
    {
        var (parent, children) = await FinishedFanOutAsync(3);
        var journal = Host.Service.Services.GetRequiredService<InstanceJournal>();
        // Text and numbers the canonical form must print exactly as jsonb does.
        var awkward = new JsonObject
        {
            ["text"] = "Zoë \"quoted\" \\ back\nline\ttab \u0001 ☃ 𝄞 <b>&",
            ["numbers"] = new JsonArray(1.5, 0.1, -3, 12345678901234),
            ["nested"] = new JsonObject { ["zz"] = true, ["a"] = null, ["bb"] = new JsonArray() },
            ["é"] = "key with two UTF-8 bytes",
        };

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            journal.AppendAsync(i % 4 == 0 ? parent : children[i % 3], "note", $"writer-{i}", awkward, CancellationToken.None)));

        var stored = await Record.ReadAsync(parent, CancellationToken.None);
        var verdict = stored.Verify();
        Assert.Multiple(() =>
        {
            Assert.That(verdict.Intact, Is.True, verdict.Message);
            Assert.That(stored.Entries.Select(e => e.Seq), Is.EqualTo(Enumerable.Range(1, stored.Entries.Count).Select(n => (long)n)), "one sequence");
            Assert.That(stored.HeadSeq, Is.EqualTo(stored.Entries.Count));
            Assert.That(stored.Entries.Select(e => e.InstanceId).Distinct().Count(), Is.EqualTo(4), "the parent and its three children");
            Assert.That(stored.Entries.Count(e => e.Kind == "note"), Is.EqualTo(40));
        });
    }

    [TestCase("edit")]
    [TestCase("delete")]
    [TestCase("delete-last")]
    [TestCase("reorder")]
    public async Task Verify_OneJournalRowBentInTheDatabase_NamesThatEntry(string tamper)
    {
        var (parent, _) = await FinishedFanOutAsync(2);
        var before = await VerifyAsync(parent);
        Assert.That(before["intact"]!.GetValue<bool>(), Is.True, before.ToJsonString());
        var count = before["entries"]!.GetValue<long>();
        var where = $"run_id = '{parent}'";

        long expectedSeq = 4;
        switch (tamper)
        {
            case "edit":
                await ExecuteAsync($"UPDATE workflow_journal SET actor = 'mallory' WHERE {where} AND chain_seq = 4");
                break;
            case "delete":
                await ExecuteAsync($"DELETE FROM workflow_journal WHERE {where} AND chain_seq = 4");
                break;
            case "delete-last":
                expectedSeq = count;
                await ExecuteAsync($"DELETE FROM workflow_journal WHERE {where} AND chain_seq = {count}");
                break;
            case "reorder":
                await ExecuteAsync($"""
                    UPDATE workflow_journal SET chain_seq = -1 WHERE {where} AND chain_seq = 4;
                    UPDATE workflow_journal SET chain_seq = 4 WHERE {where} AND chain_seq = 5;
                    UPDATE workflow_journal SET chain_seq = 5 WHERE {where} AND chain_seq = -1;
                    """);
                break;
        }

        var after = await VerifyAsync(parent);
        Assert.Multiple(() =>
        {
            Assert.That(after["intact"]!.GetValue<bool>(), Is.False, after.ToJsonString());
            Assert.That(after["firstBadSeq"]!.GetValue<long>(), Is.EqualTo(expectedSeq), after.ToJsonString());
            Assert.That(after["problem"]!.GetValue<string>(), Is.EqualTo(tamper switch
            {
                "edit" => "altered",
                "reorder" => "out-of-order",
                _ => "missing",
            }));
            Assert.That(after["message"]!.GetValue<string>(), Does.Contain($"entry {expectedSeq}"));
        });
    }

    private async Task<JsonObject> VerifyAsync(Guid run) =>
        (await Host.Admin.GetFromJsonAsync<JsonObject>($"/api/runs/{run}/evidence/verify"))!;

    private async Task<(Guid Parent, List<Guid> Children)> FinishedFanOutAsync(int count)
    {
        var items = new JsonArray([.. Enumerable.Range(1, count).Select(n => (JsonNode)new JsonObject { ["n"] = n })]);
        var parent = await Host.Admin.StartInstanceAsync("fan-out", new JsonObject { ["items"] = items });
        await Eventually.HoldsAsync(async () => await Host.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_instances WHERE status = 'waiting'") == count + 1,
            Patience, "the parent and its children wait");
        var children = (await Host.Admin.InstanceAsync(parent)).Children.Select(c => c.Id).ToList();
        // The children's answers arrive at once: their commits append to the run's one chain concurrently.
        await Task.WhenAll(children.Select(c => Host.Admin.SignalAsync("answered", c.ToString())));
        await Eventually.HoldsAsync(async () => await Host.Admin.StatusAsync(parent) == "completed", Patience, "the parent joins");
        return (parent, children);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Host.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
