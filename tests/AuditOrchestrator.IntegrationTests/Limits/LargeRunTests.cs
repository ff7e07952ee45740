using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AuditOrchestrator.Api.Instances;
using AuditOrchestrator.Api.Runs;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;

namespace AuditOrchestrator.IntegrationTests.Limits;

/// <summary>
/// A run of 5,000 items, made by the real audit check (5,000 people in the team data, none of them in the simulated
/// PagerDuty) and the real issue, fan-out and review steps; each item's flow settles it at once, so the run reaches
/// its review in seconds.
/// </summary>
public sealed partial class LargeRunTests
{
    private const int People = 5000;

    [Test]
    public async Task RunOf5000Items_ReviewListsEveryItem_AndTheRunPagesServeThemAPageAtATime()
    {
        var workflows = Directory.CreateTempSubdirectory("large-run-workflows-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(RepositoryPaths.Workflows, "*.yaml"))
            {
                File.Copy(file, Path.Combine(workflows, Path.GetFileName(file)));
            }
            await File.WriteAllTextAsync(Path.Combine(workflows, "large-audit.yaml"), LargeAudit);
            await File.WriteAllTextAsync(Path.Combine(workflows, "settled-item.yaml"), SettledItem);
            await using var host = await FollowUpHost.StartAsync(Team(), moreSettings: new Dictionary<string, string?> { ["Workflows:Directory"] = workflows });

            var started = await host.Admin.PostAsJsonAsync("/api/instances", new { definition = "large-audit" });
            Assert.That((int)started.StatusCode, Is.EqualTo(202), await started.Content.ReadAsStringAsync());
            var run = (await started.Content.ReadAsync<InstancesApi.Started>()).Id;

            RunView? view = null;
            var asked = Eventually.HoldsAsync(async () =>
            {
                var response = await host.Admin.GetAsync(new Uri($"/api/runs/{run}?itemLimit=1000", UriKind.Relative));
                if (!response.IsSuccessStatusCode)
                {
                    return false;
                }
                view = await response.Content.ReadAsync<RunView>();
                return view.Status == "awaiting-review";
            }, TimeSpan.FromSeconds(230), "the 5,000-item run asks for its review");
            try
            {
                await asked;
            }
            catch (AssertionException)
            {
                var root = await host.Admin.GetStringAsync(new Uri($"/api/instances/{run}", UriKind.Relative));
                Assert.Fail($"The run did not ask for its review; its instance: {root[..Math.Min(root.Length, 3000)]}");
            }

            var firstPage = view!;
            var iid = firstPage.Issue!.Iid;
            var review = host.BotNotes(iid).Where(n => n.Body.Contains("Please review", StringComparison.Ordinal) || n.Body.StartsWith("Review, continued", StringComparison.Ordinal)).ToList();
            var listed = review.SelectMany(n => ListedPerson().Matches(n.Body).Select(m => m.Groups[1].Value)).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(review, Is.Not.Empty, "the review was posted");
                Assert.That(review.Select(n => n.Body.Length), Has.All.LessThanOrEqualTo(1_000_000), "each note fits GitLab's limit");
                Assert.That(listed.Distinct().Count(), Is.EqualTo(People), "the review lists every item, not the first 1,000");
                Assert.That(listed, Has.Count.EqualTo(People), "and each once");
                Assert.That(firstPage.ItemCount, Is.EqualTo(People));
                Assert.That(firstPage.Items, Has.Count.EqualTo(1000), "the run page serves a page of items");
                Assert.That(firstPage.NextItemOffset, Is.EqualTo(1000));
                Assert.That(firstPage.ItemStates!["addressed"], Is.EqualTo(People), "the counts cover every item");
            });

            var last = await host.Admin.GetAsync<RunView>($"/api/runs/{run}?itemOffset=4500&itemLimit=1000");
            Assert.That(last.Items, Has.Count.EqualTo(500));
            Assert.That(last.NextItemOffset, Is.Null);
            Assert.That((int)(await host.Admin.GetAsync(new Uri($"/api/runs/{run}?itemLimit=1001", UriKind.Relative))).StatusCode, Is.EqualTo(400));

            var progress = await host.Admin.GetAsync<RunProgressView>($"/api/runs/{run}/progress?offset=100&limit=50");
            var settle = progress.Steps.Single(s => s.StepId == "settle");
            Assert.Multiple(() =>
            {
                Assert.That(progress.Items, Has.Count.EqualTo(50));
                Assert.That(progress.ItemCount, Is.EqualTo(People));
                Assert.That(progress.NextOffset, Is.EqualTo(150));
                Assert.That(settle.Passed, Is.EqualTo(People), "the step counts cover every instance");
            });

            // The list counts the 5,000 items in the database and stays quick.
            var watch = Stopwatch.StartNew();
            var list = await host.Admin.GetAsync<List<RunView>>("/api/runs?limit=10");
            watch.Stop();
            var listedRun = list.Single(r => r.Id == run);
            Assert.That(listedRun.ItemStates!["addressed"], Is.EqualTo(People));
            Assert.That(listedRun.Items, Is.Null, "a list carries no items");
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "listing runs reads no items or journals");
        }
        finally
        {
            Directory.Delete(workflows, recursive: true);
        }
    }

    private static string Team()
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("""
            - name: "Mona Som"
              email: msom@example.com
              title: "VP of Support"
              gitlab: { id: 9100, username: msom }
            """);
        for (var i = 0; i < People; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"""
                - name: "Person {i:D4}"
                  email: person{i:D4}@example.com
                  title: "Support Engineer"
                  reports_to: "Mona Som"
                  gitlab: {"{"} id: {20000 + i}, username: person{i:D4} {"}"}

                """);
        }
        return yaml.ToString();
    }

    [GeneratedRegex(@"^- `(person\d{4})`: ", RegexOptions.Multiline)]
    private static partial Regex ListedPerson();

    private const string LargeAudit = """
        id: large-audit
        name: A PagerDuty audit whose items settle at once
        start: run-audit
        steps:
          - id: run-audit
            activity: RunAudit
            level: audit
            settings:
              audit: pagerduty
            next:
              done: create-issue
          - id: create-issue
            activity: CreateAuditIssue
            level: audit
            settings:
              template: Pagerduty
              title: "Large PagerDuty audit"
              labels: ["audit"]
            next:
              done: follow-up
          - id: follow-up
            activity: FanOut
            level: audit
            settings:
              definition: settled-item
              items: items
            next:
              all-done: ask-review
          - id: ask-review
            activity: AskForReview
            level: audit
            next:
              done: await-approval
          - id: await-approval
            activity: AwaitApproval
            level: audit
        """;

    private const string SettledItem = """
        id: settled-item
        name: An item settled at once
        start: settle
        steps:
          - id: settle
            activity: SetVariable
            level: item
            settings:
              name: state
              value: addressed
        """;
}
