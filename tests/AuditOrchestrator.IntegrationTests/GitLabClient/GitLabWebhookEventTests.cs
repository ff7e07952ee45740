using NUnit.Framework;
using AuditOrchestrator.Vendors.GitLab;

namespace AuditOrchestrator.IntegrationTests.GitLabClient;

/// <summary>The parser the service uses, held against what the simulated GitLab sends.</summary>
public sealed class GitLabWebhookEventTests
{
    private static async Task<GitLabTestBed> StartAsync()
    {
        var bed = await GitLabTestBed.StartAsync();
        // A receiver is needed for events to be sent; dropped deliveries are recorded with their full body.
        bed.Fake.Webhooks.Configure(new Uri("http://127.0.0.1:9/unused"), "secret");
        bed.Fake.Webhooks.DropDeliveries = true;
        return bed;
    }

    [Test]
    public async Task Parse_ReplyOnConfidentialIssue_ReadsIssueThreadAndAuthor()
    {
        await using var bed = await StartAsync();
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", "", Confidential: true), CancellationToken.None);
        var thread = await bed.Client.CreateDiscussionAsync(issue.Iid, "@alice please check", CancellationToken.None);
        var reply = await bed.Fake.ReplyAsync(issue.Iid, thread.Id, GitLabTestBed.Developer, "Done");
        var delivery = await bed.Fake.Webhooks.WaitForAsync(d => d.Event.Contains("Note", StringComparison.Ordinal) && d.Body.Contains("Done", StringComparison.Ordinal));

        var parsed = GitLabWebhookEvent.Parse(delivery.Event, delivery.Body);

        Assert.That(parsed.Kind, Is.EqualTo(GitLabWebhookKind.Note));
        Assert.That(parsed.Confidential, Is.True);
        Assert.That(parsed.Action, Is.EqualTo("create"));
        Assert.That(parsed.ProjectPath, Is.EqualTo(GitLabTestBed.AuditProject));
        Assert.That(parsed.IssueIid, Is.EqualTo(issue.Iid));
        Assert.That(parsed.Username, Is.EqualTo(GitLabTestBed.Developer));
        Assert.That(parsed.NoteId, Is.EqualTo(reply.Id));
        Assert.That(parsed.DiscussionId, Is.EqualTo(thread.Id));
        Assert.That(parsed.NoteBody, Is.EqualTo("Done"));
    }

    [Test]
    public async Task Parse_EmojiOnANote_ReadsTheNoteItWasAwardedOn()
    {
        await using var bed = await StartAsync();
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", ""), CancellationToken.None);
        var thread = await bed.Client.CreateDiscussionAsync(issue.Iid, "@sally please review", CancellationToken.None);
        await bed.Fake.AwardEmojiAsync(issue.Iid, GitLabTestBed.Som, "thumbsup", thread.Notes[0].Id);
        var delivery = await bed.Fake.Webhooks.WaitForAsync(d => d.Event == "Emoji Hook");

        var parsed = GitLabWebhookEvent.Parse(delivery.Event, delivery.Body);

        Assert.That(parsed.Kind, Is.EqualTo(GitLabWebhookKind.Emoji));
        Assert.That(parsed.Action, Is.EqualTo("award"));
        Assert.That(parsed.EmojiName, Is.EqualTo("thumbsup"));
        Assert.That(parsed.AwardableType, Is.EqualTo("Note"));
        Assert.That(parsed.NoteId, Is.EqualTo(thread.Notes[0].Id));
        Assert.That(parsed.DiscussionId, Is.EqualTo(thread.Id));
        Assert.That(parsed.IssueIid, Is.EqualTo(issue.Iid));
        Assert.That(parsed.Username, Is.EqualTo(GitLabTestBed.Som));
    }

    [Test]
    public async Task Parse_DescriptionEditAndClose_ReadTheChangeAndTheState()
    {
        await using var bed = await StartAsync();
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("audit", "old", Confidential: true), CancellationToken.None);
        await bed.Fake.EditDescriptionAsync(issue.Iid, GitLabTestBed.Som, "new");
        await bed.Fake.CloseIssueAsync(issue.Iid, GitLabTestBed.Som);
        var deliveries = await bed.Fake.Webhooks.WaitForCountAsync(d => d.Event == "Confidential Issue Hook", 3);

        var edit = GitLabWebhookEvent.Parse(deliveries[1].Event, deliveries[1].Body);
        var close = GitLabWebhookEvent.Parse(deliveries[2].Event, deliveries[2].Body);

        Assert.That(edit.Kind, Is.EqualTo(GitLabWebhookKind.Issue));
        Assert.That(edit.Action, Is.EqualTo("update"));
        Assert.That(edit.DescriptionChange, Is.EqualTo(new GitLabTextChange("old", "new")));
        Assert.That(close.Action, Is.EqualTo("close"));
        Assert.That(close.IssueState, Is.EqualTo("closed"));
        Assert.That(close.DescriptionChange, Is.Null);
        Assert.That(close.Username, Is.EqualTo(GitLabTestBed.Som));
    }

    [Test]
    public void Parse_WhenEventTypeIsUnused_IsOther()
    {
        var parsed = GitLabWebhookEvent.Parse("Push Hook", """{"object_kind":"push","project":{"id":1}}""");

        Assert.That(parsed.Kind, Is.EqualTo(GitLabWebhookKind.Other));
        Assert.That(parsed.ProjectId, Is.EqualTo(1));
    }

    [TestCase("{not json")]
    [TestCase("[1,2]")]
    public void Parse_WhenBodyIsNotAJsonObject_ThrowsFormatException(string body)
    {
        Assert.Throws<FormatException>(() => GitLabWebhookEvent.Parse("Note Hook", body));
    }

    [TestCase("s3cret", "s3cret", true)]
    [TestCase("s3cret", "S3CRET", false)]
    [TestCase(null, "s3cret", false)]
    [TestCase("", "", false)]
    public void SecretMatches_OnlyForTheConfiguredSecret(string? provided, string configured, bool expected)
    {
        Assert.That(GitLabWebhookEvent.SecretMatches(provided, configured), Is.EqualTo(expected));
    }
}
