using NUnit.Framework;
using AuditOrchestrator.Vendors.GitLab;
using AuditOrchestrator.Vendors.Http;

namespace AuditOrchestrator.IntegrationTests.GitLabClient;

public sealed class GitLabClientIssueTests
{
    private const string Template = "## Summary\n\nPagerDuty audit for the period.\n\n## Notes\n\n_report_\n\n## Review\n\n- [ ] SOM review\n";

    [Test]
    public async Task CreateIssue_FromTemplate_CreatesConfidentialIssueWithReportInNotes()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        bed.Fake.PutIssueTemplate(GitLabTestBed.AuditProject, "PagerDuty Audit", Template);
        var som = await bed.Client.FindUserAsync(GitLabTestBed.Som, CancellationToken.None);

        var template = await bed.Client.GetIssueTemplateAsync("PagerDuty Audit", CancellationToken.None);
        var issue = await bed.Client.CreateIssueAsync(
            new NewIssue("PagerDuty audit FY2027-Q1", IssueNotesSection.Replace(template, "| @alice | missing id |"),
                ["Support Ops", "audit"], [som!.Id], Confidential: true),
            CancellationToken.None);

        Assert.That(issue.Iid, Is.EqualTo(1));
        Assert.That(issue.Confidential, Is.True);
        Assert.That(issue.State, Is.EqualTo("opened"));
        Assert.That(issue.Labels, Is.EqualTo(new[] { "Support Ops", "audit" }));
        Assert.That(issue.Assignees.Select(a => a.Username), Is.EqualTo(new[] { GitLabTestBed.Som }));
        Assert.That(issue.WebUrl, Is.EqualTo($"{bed.Fake.BaseUrl}/{GitLabTestBed.AuditProject}/-/issues/1"));
        Assert.That(IssueNotesSection.Read(issue.Description), Is.EqualTo("| @alice | missing id |"));
        Assert.That(issue.Description, Does.StartWith("## Summary").And.Contain("- [ ] SOM review"));
    }

    [Test]
    public async Task ReplaceNotesSection_KeepsTheRestOfTheDescription()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("Zendesk audit", Template), CancellationToken.None);

        var updated = await bed.Client.ReplaceNotesSectionAsync(issue.Iid, "| token | owner |\n|---|---|\n\n- [ ] Token table complete", CancellationToken.None);

        Assert.That(await bed.Client.ReadNotesSectionAsync(issue.Iid, CancellationToken.None),
            Is.EqualTo("| token | owner |\n|---|---|\n\n- [ ] Token table complete"));
        Assert.That(updated.Description, Does.StartWith("## Summary\n\nPagerDuty audit for the period.\n\n## Notes\n\n| token"));
        Assert.That(updated.Description, Does.EndWith("## Review\n\n- [ ] SOM review\n"));
    }

    [Test]
    public async Task ChangeLabels_AddsAndRemovesWithoutTouchingOthers()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", "", ["a", "b"]), CancellationToken.None);

        var changed = await bed.Client.ChangeLabelsAsync(issue.Iid, ["c"], ["a"], CancellationToken.None);
        var replaced = await bed.Client.SetLabelsAsync(issue.Iid, ["z"], CancellationToken.None);

        Assert.That(changed.Labels, Is.EqualTo(new[] { "b", "c" }));
        Assert.That(replaced.Labels, Is.EqualTo(new[] { "z" }));
    }

    [Test]
    public async Task CloseIssue_ClosesItAndRecordsWhoClosedIt()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", "body"), CancellationToken.None);

        var closed = await bed.Client.CloseIssueAsync(issue.Iid, CancellationToken.None);
        var read = await bed.Client.GetIssueAsync(issue.Iid, CancellationToken.None);

        Assert.That(closed.IsClosed, Is.True);
        Assert.That(read.State, Is.EqualTo("closed"));
        Assert.That(read.ClosedBy?.Username, Is.EqualTo(GitLabTestBed.Bot));
        Assert.That(read.ClosedAt, Is.Not.Null);
    }

    [Test]
    public async Task CanSeeIssue_WhenConfidential_OnlyReportersAndAboveSeeIt()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        var confidential = await bed.Client.CreateIssueAsync(new NewIssue("audit", "", Confidential: true), CancellationToken.None);
        var open = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);

        Assert.That(await bed.Client.CanSeeIssueAsync(GitLabTestBed.Developer, null, confidential, CancellationToken.None), Is.True);
        Assert.That(await bed.Client.CanSeeIssueAsync(GitLabTestBed.Guest, null, confidential, CancellationToken.None), Is.False);
        Assert.That(await bed.Client.CanSeeIssueAsync(GitLabTestBed.Guest, null, open, CancellationToken.None), Is.True);
        Assert.That(await bed.Client.CanSeeIssueAsync("outsider", null, open, CancellationToken.None), Is.False);
        Assert.That(await bed.Client.CanSeeIssueAsync("nobody-by-that-name", null, open, CancellationToken.None), Is.False);
    }

    [Test]
    public async Task CanSeeIssue_WithTheTeamDataId_ReadsOnlyTheMembership()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        var dora = bed.Fake.AddUser("dora", id: 777_001);
        bed.Fake.AddMember(GitLabTestBed.AuditProject, "dora", 30);
        var blocked = bed.Fake.AddUser("blocky", id: 777_002);
        bed.Fake.AddMember(GitLabTestBed.AuditProject, "blocky", 30);
        blocked.State = "blocked";
        var confidential = await bed.Client.CreateIssueAsync(new NewIssue("audit", "", Confidential: true), CancellationToken.None);
        bed.Fake.ClearCalls();

        Assert.That(await bed.Client.CanSeeIssueAsync("dora", dora.Id, confidential, CancellationToken.None), Is.True);
        Assert.That(bed.Fake.Calls.Select(c => c.PathAndQuery), Is.EqualTo(new[] { $"/api/v4/projects/{Uri.EscapeDataString(GitLabTestBed.AuditProject)}/members/all/777001" }));
        Assert.That(await bed.Client.CanSeeIssueAsync("blocky", blocked.Id, confidential, CancellationToken.None), Is.False);
    }

    [Test]
    public async Task CanSeeIssue_WhenTheTeamDataIdIsSomeoneElses_GoesByTheUsername()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        var dora = bed.Fake.AddUser("dora", id: 777_001);
        bed.Fake.AddMember(GitLabTestBed.AuditProject, "dora", 30);
        bed.Fake.AddUser("eve", id: 777_003);
        var confidential = await bed.Client.CreateIssueAsync(new NewIssue("audit", "", Confidential: true), CancellationToken.None);

        // Eve is no member: the id that names Dora (a Developer) must not let Eve count as one.
        Assert.That(await bed.Client.CanSeeIssueAsync("eve", dora.Id, confidential, CancellationToken.None), Is.False);
        // Dora with a stale id (Eve's) is still found by her username.
        Assert.That(await bed.Client.CanSeeIssueAsync("dora", 777_003, confidential, CancellationToken.None), Is.True);
    }

    [Test]
    public async Task IssueVisibilityReads_ReadTheIssueOncePerMinute()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        var clock = new AuditOrchestrator.IntegrationTests.Infrastructure.TestClock();
        var reads = new IssueVisibilityReads(clock);
        bed.Fake.ClearCalls();

        await reads.IssueAsync(bed.Client, issue.Iid, CancellationToken.None);
        clock.Advance(IssueVisibilityReads.Lifetime - TimeSpan.FromSeconds(1));
        await reads.IssueAsync(bed.Client, issue.Iid, CancellationToken.None);
        Assert.That(bed.Fake.Calls, Has.Count.EqualTo(1));

        clock.Advance(TimeSpan.FromSeconds(1));
        await reads.IssueAsync(bed.Client, issue.Iid, CancellationToken.None);
        Assert.That(bed.Fake.Calls, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task GetIssue_WhenTokenIsWrong_FailsWithoutTheToken()
    {
        await using var bed = await GitLabTestBed.StartAsync(settings: new Dictionary<string, string?> { ["GitLab:Token"] = "glpat-WrongToken99" });

        var error = Assert.ThrowsAsync<VendorApiException>(() => bed.Client.GetIssueAsync(1, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("token was rejected").And.Not.Contain("WrongTokenValue"));
        Assert.That(bed.Fake.Calls.Single().StatusCode, Is.EqualTo(401));
    }

    [Test]
    public async Task Client_WhenTokenIsOAuth_SendsItAsBearer()
    {
        var oauthToken = new string('a', 64);
        await using var bed = await GitLabTestBed.StartAsync(settings: new Dictionary<string, string?> { ["GitLab:Token"] = oauthToken });
        bed.Fake.AddOAuthToken(oauthToken, GitLabTestBed.Bot);

        var user = await bed.Client.FindUserAsync(GitLabTestBed.Developer, CancellationToken.None);

        Assert.That(user!.Username, Is.EqualTo(GitLabTestBed.Developer));
        Assert.That(GitLabAuth.IsOAuth(bed.Client.Options), Is.True);
    }
}
