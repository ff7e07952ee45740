using System.Net;
using NUnit.Framework;
using AuditOrchestrator.Vendors.GitLab;
using AuditOrchestrator.Vendors.Http;

namespace AuditOrchestrator.IntegrationTests.GitLabClient;

public sealed class GitLabClientResilienceTests
{
    [Test]
    public async Task Client_WhenGitLabAnswersABurstOf429_WaitsAndSucceeds()
    {
        await using var bed = await GitLabTestBed.StartAsync(maxRetries: 4);
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        bed.Fake.ClearCalls();
        bed.Fake.Faults.RateLimitNext(3, TimeSpan.Zero);

        var read = await bed.Client.GetIssueAsync(issue.Iid, CancellationToken.None);

        Assert.That(read.Iid, Is.EqualTo(issue.Iid));
        Assert.That(bed.Fake.Calls.Select(c => c.StatusCode), Is.EqualTo(new[] { 429, 429, 429, 200 }));
    }

    [Test]
    public async Task Client_WhenGitLabFailsWithARunOf5xx_RetriesAndSucceeds()
    {
        await using var bed = await GitLabTestBed.StartAsync(maxRetries: 4);
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        bed.Fake.ClearCalls();
        bed.Fake.Faults.FailNext(2, 502);
        bed.Fake.Faults.RateLimitNext(1, TimeSpan.Zero);

        var discussions = await bed.Client.ListDiscussionsAsync(issue.Iid, CancellationToken.None);

        Assert.That(discussions, Is.Empty);
        Assert.That(bed.Fake.Calls.Select(c => c.StatusCode), Is.EqualTo(new[] { 502, 502, 429, 200 }));
    }

    [Test]
    public async Task Client_WhenFailuresOutlastTheRetryBudget_ThrowsAClearErrorWithoutTheToken()
    {
        await using var bed = await GitLabTestBed.StartAsync(maxRetries: 2);
        bed.Fake.Faults.FailNext(10, 503);

        var error = Assert.ThrowsAsync<VendorApiException>(() => bed.Client.GetIssueAsync(1, CancellationToken.None));

        Assert.That(error!.Vendor, Is.EqualTo("GitLab"));
        Assert.That(error.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(error.Message, Does.Contain("3 attempts").And.Contain("/issues/1"));
        Assert.That(error.ToString(), Does.Not.Contain(GitLabTestBed.Token));
        Assert.That(bed.Fake.Calls, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task CreateNote_WhenPostingABurst_SpacesPostsByTheNotePacer()
    {
        await using var bed = await GitLabTestBed.StartAsync(settings: new Dictionary<string, string?> { ["GitLab:NotesPerMinute"] = "120" });
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        bed.Fake.ClearCalls();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => bed.Client.CreateNoteAsync(issue.Iid, $"ping {i}", CancellationToken.None)));

        var times = bed.Fake.Calls.Select(c => c.At).Order().ToList();
        Assert.That(times, Has.Count.EqualTo(4));
        // 120/min is one post every 500 ms: four posts span 1.5 s when they leave; the margin absorbs a loaded machine
        // delaying one request's arrival.
        Assert.That(times[^1] - times[0], Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1000)), "posts are spaced by the pacer");
    }
}
