using AuditOrchestrator.Api.Runs;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AuditOrchestrator.IntegrationTests.Limits;

/// <summary>
/// The runs list's filters (audit, person, tests) apply before the page is cut, so a filtered page is never short, and
/// each listed run says its instance's status, test flag, review request and faulted children.
/// </summary>
public sealed class RunListFilterTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private TestDatabase database = null!;
    private ServiceFactory node = null!;
    private RunList list = null!;
    private readonly Dictionary<string, Guid> runs = [];

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        database = await TestDatabase.CreateAsync();
        node = new ServiceFactory(database);
        await Eventually.HoldsAsync(
            async () => (await node.CreateClient().GetAsync(new Uri("/readyz", UriKind.Relative))).IsSuccessStatusCode,
            TimeSpan.FromSeconds(60), "the node is ready");
        list = node.Services.GetRequiredService<RunList>();
        // Oldest first; "twin-a" and "twin-b" share their creation time, so the id breaks the tie.
        await RunAsync("dave-1", "pagerduty", 0, """{"items": [{"id": "dave", "person": "Dave Jones"}]}""");
        await RunAsync("other-1", "pagerduty", 1, """{"items": [{"id": "erin", "person": "Erin"}], "review": null}""");
        await RunAsync("no-instance", "zendesk", 2, null);
        await RunAsync("by-id", "zendesk", 3, """{"items": [{"id": "x-DAVID-2"}], "review": {"note": "asked"}}""");
        await RunAsync("not-an-array", "pagerduty", 4, """{"items": {"id": "dave"}}""");
        await RunAsync("twin-a", "pagerduty", 5, """{"items": [{"id": "f"}]}""", faultedChild: true);
        await RunAsync("twin-b", "pagerduty", 5, """{"items": [{"id": "g"}]}""");
        await RunAsync("test-dave", "pagerduty", 6, """{"testRun": true, "items": [{"id": "dave"}]}""");
        await RunAsync("other-2", "zendesk", 7, """{"testRun": false, "items": []}""");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await node.DisposeAsync();
        await database.DisposeAsync();
    }

    [Test]
    public async Task EveryRun_TwoAtATime_NewestFirst_TiesByIdAndTestRunsLeftOut()
    {
        // PostgreSQL orders uuids by their bytes, as their text sorts; .NET's Guid order differs.
        var twins = new[] { "twin-a", "twin-b" }.OrderBy(name => runs[name].ToString(), StringComparer.Ordinal).ToArray();

        Assert.That(await NamesAsync(new RunListFilter(Limit: 2)), Is.EqualTo(new[]
        {
            new[] { "other-2", twins[0] }, [twins[1], "not-an-array"], ["by-id", "no-instance"], ["other-1", "dave-1"],
        }));
    }

    [Test]
    public async Task APerson_MatchedInAnItemsPersonOrId_IgnoringCase_FillsEveryPage()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await NamesAsync(new RunListFilter(Person: " dAV ", Limit: 1)), Is.EqualTo(new[] { new[] { "by-id" }, ["dave-1"] }),
                "the runs between the matches do not leave a page empty");
            Assert.That(await NamesAsync(new RunListFilter(Person: "jones")), Is.EqualTo(new[] { new[] { "dave-1" } }));
            Assert.That(await NamesAsync(new RunListFilter(Person: "zelda")), Is.EqualTo(new[] { Array.Empty<string>() }));
        });
    }

    [Test]
    public async Task TestRuns_AreListedWhenAskedFor_AndAnAuditNarrowsTheList()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await NamesAsync(new RunListFilter(Tests: true, Person: "dav", Limit: 1)), Is.EqualTo(new[] { new[] { "test-dave" }, ["by-id"], ["dave-1"] }));
            Assert.That(await NamesAsync(new RunListFilter(Audit: "zendesk", Limit: 2)), Is.EqualTo(new[] { new[] { "other-2", "by-id" }, ["no-instance"] }));
            Assert.That(await NamesAsync(new RunListFilter(Audit: "zendesk", Person: "erin")), Is.EqualTo(new[] { Array.Empty<string>() }));
        });
    }

    [Test]
    public async Task EachRun_SaysItsInstanceStatus_TestFlag_ReviewRequest_AndFaultedChildren()
    {
        var listed = (await list.PageAsync(new RunListFilter(Tests: true), CancellationToken.None)).Runs.ToDictionary(r => Name(r.Run.Id));

        Assert.Multiple(() =>
        {
            Assert.That(listed, Has.Count.EqualTo(runs.Count));
            Assert.That(Facts(listed["dave-1"]), Is.EqualTo(("waiting", false, false, false)));
            Assert.That(Facts(listed["other-1"]), Is.EqualTo(("waiting", false, false, false)), "a null review is not a request");
            Assert.That(Facts(listed["no-instance"]), Is.EqualTo(((string?)null, false, false, false)));
            Assert.That(Facts(listed["by-id"]), Is.EqualTo(("waiting", false, true, false)));
            Assert.That(Facts(listed["twin-a"]), Is.EqualTo(("waiting", false, false, true)));
            Assert.That(Facts(listed["test-dave"]), Is.EqualTo(("waiting", true, false, false)));
            Assert.That(listed["by-id"].Run.Audit, Is.EqualTo("zendesk"));
            Assert.That(listed["by-id"].Run.CreatedAt, Is.EqualTo(Start.AddMinutes(3)));
        });
    }

    private static (string?, bool, bool, bool) Facts(ListedRun run) => (run.InstanceStatus, run.Test, run.ReviewRequested, run.ChildFaulted);

    private string Name(Guid id) => runs.Single(r => r.Value == id).Key;

    /// <summary>Each page's runs by name, following the cursor to the end.</summary>
    private async Task<List<string[]>> NamesAsync(RunListFilter filter)
    {
        var pages = new List<string[]>();
        string? after = null;
        do
        {
            var page = await list.PageAsync(filter with { After = after }, CancellationToken.None);
            pages.Add([.. page.Runs.Select(r => Name(r.Run.Id))]);
            after = page.Next;
        }
        while (after is not null && pages.Count < 20);
        return pages;
    }

    private async Task RunAsync(string name, string audit, int minute, string? variables, bool faultedChild = false)
    {
        var id = Guid.CreateVersion7();
        runs[name] = id;
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using (var run = new NpgsqlCommand(
            "INSERT INTO audit_runs (id, audit, kind, period, created_at, updated_at) VALUES ($1, $2, 'manual', 'FY26-Q1', $3, $3)", connection))
        {
            run.Parameters.Add(new NpgsqlParameter { Value = id });
            run.Parameters.Add(new NpgsqlParameter { Value = audit });
            run.Parameters.Add(new NpgsqlParameter { Value = Start.AddMinutes(minute) });
            await run.ExecuteNonQueryAsync();
        }
        if (variables is null)
        {
            return;
        }
        // Waiting rows with no run_after: nothing makes them runnable, so the executor leaves them as they are.
        await SeededInstances.InsertAsync(connection, id, null, "waiting", variables);
        await SeededInstances.InsertAsync(connection, Guid.CreateVersion7(), id, "completed", "{}");
        if (faultedChild)
        {
            await SeededInstances.InsertAsync(connection, Guid.CreateVersion7(), id, "faulted", "{}");
        }
    }
}
