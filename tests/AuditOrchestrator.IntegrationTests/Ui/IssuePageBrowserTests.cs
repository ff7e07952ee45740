using AuditOrchestrator.IntegrationTests.GitLabClient;
using AuditOrchestrator.Vendors.GitLab;
using Microsoft.Playwright;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>The simulated GitLab's issue page renders markdown as GitLab would, and never runs what a note smuggles in.</summary>
public sealed class IssuePageBrowserTests
{
    private const string Description = """
        ## Notes

        | Token | Owner | Justification |
        |---|---|---|
        | ci-sync | @alice | nightly export |

        - [x] Token table complete
        - [ ] SOM review

        <!-- ao:marker hidden -->
        """;

    [Test]
    public async Task IssuePage_RendersTablesTaskListsAndEmoji_AndSanitizesANotesScript()
    {
        await using var bed = await GitLabTestBed.StartAsync();
        var issue = await bed.Client.CreateIssueAsync(new NewIssue("Zendesk audit FY2027-Q1", Description), CancellationToken.None);
        await bed.Fake.CommentAsync(issue.Iid, GitLabTestBed.Developer,
            "Fixed **my** role :white_check_mark:\n\n<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\"> [click](javascript:window.pwned=3)");
        await using var browser = await Browser.LaunchAsync();
        await using var app = await browser.OpenAsync(new Uri(bed.Fake.BaseUrl));
        var page = app.Page;

        await page.GotoAsync(issue.WebUrl);

        await Assertions.Expect(page.Locator(".description table td").First).ToHaveTextAsync("ci-sync");
        await Assertions.Expect(page.Locator(".description h2")).ToHaveTextAsync("Notes");
        await Assertions.Expect(page.Locator(".description input[type=checkbox]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".description input[type=checkbox]").First).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator(".description")).Not.ToContainTextAsync("ao:marker");
        var note = page.Locator(".note .md").First;
        await Assertions.Expect(note.Locator("strong")).ToHaveTextAsync("my");
        await Assertions.Expect(note).ToContainTextAsync("✅");
        await app.ScreenshotAsync("gitlab-issue-page");

        Assert.That(await page.EvaluateAsync<bool>("() => window.pwned === undefined"), Is.True, "nothing in the note ran");
        await page.GetByText("click").ClickAsync();
        Assert.That(await page.EvaluateAsync<bool>("() => window.pwned === undefined"), Is.True, "the javascript: link ran");
        Assert.That(await note.Locator("script, [onerror]").CountAsync(), Is.Zero);
        await Assertions.Expect(note).Not.ToContainTextAsync("<script>");
    }
}
