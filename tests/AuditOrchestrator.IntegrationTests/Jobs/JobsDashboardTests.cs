using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Runtime;

namespace AuditOrchestrator.IntegrationTests.Jobs;

/// <summary>The Hangfire dashboard behind the service's own sign-in: admins act, operators read, others are refused.</summary>
public sealed partial class JobsDashboardTests
{
    private TestDatabase _database = null!;
    private ServiceFactory _service = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _service = new ServiceFactory(_database, new Dictionary<string, string?> { ["Workflows:Directory"] = RuntimeHost.Workflows });
        using var anonymous = _service.CreateClient();
        await ServiceFactory.ReadyAsync(anonymous, TimeSpan.FromSeconds(30), "the service is ready");
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _service.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Anonymous_Is401_AndAViewer403_NeverTheDashboard()
    {
        using var anonymous = _service.CreateClient();
        using var viewer = _service.CreateClient(await TokenAsync("viewer"));

        foreach (var path in new[] { "/hangfire", "/hangfire/recurring", "/hangfire/jobs/enqueued" })
        {
            Assert.That((await anonymous.GetAsync(new Uri(path, UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), path);
            Assert.That((await viewer.GetAsync(new Uri(path, UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), path);
        }
        var post = await viewer.PostAsync(new Uri("/hangfire/recurring/trigger", UriKind.Relative),
            new FormUrlEncodedContent([new("jobs[]", "timers-backstop-sweep")]));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Operator_SeesTheRecurringJobsWithoutButtons_AndItsTriggerIsRefused()
    {
        using var operatorClient = _service.CreateClient(await TokenAsync("operator"));

        var page = await operatorClient.GetStringAsync(new Uri("/hangfire/recurring", UriKind.Relative));
        Assert.That(page, Does.Contain("timers-backstop-sweep").And.Contain("retention-purge"));
        Assert.That(page, Does.Not.Contain("recurring/trigger"), "no trigger button when read-only");

        var before = await SweepJobsAsync();
        var post = await PostWithAntiforgeryAsync(operatorClient, page, "/hangfire/recurring/trigger", "retention-purge");
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "read-only: Hangfire refuses the command");
        Assert.That(await RetentionJobsAsync(), Is.Zero);
        Assert.That(await SweepJobsAsync(), Is.GreaterThanOrEqualTo(before));
    }

    [Test]
    public async Task Admin_TriggersARecurringJob_FromTheDashboard()
    {
        using var admin = _service.CreateClient(ServiceFactory.BootstrapToken);
        var page = await admin.GetStringAsync(new Uri("/hangfire/recurring", UriKind.Relative));
        Assert.That(page, Does.Contain("recurring/trigger"), "the admin sees the buttons");

        var post = await PostWithAntiforgeryAsync(admin, page, "/hangfire/recurring/trigger", "retention-purge");

        Assert.That((int)post.StatusCode, Is.LessThan(300), await post.Content.ReadAsStringAsync());
        await Eventually.HoldsAsync(async () => await RetentionJobsAsync() == 1, TimeSpan.FromSeconds(30), "the purge runs once");
    }

    [Test]
    public async Task JobArguments_AreIdsOnly()
    {
        using var admin = _service.CreateClient(ServiceFactory.BootstrapToken);
        await admin.StartInstanceAsync("short-wait");
        await Eventually.HoldsAsync(async () => await _database.ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE statename = 'Scheduled'") >= 1,
            TimeSpan.FromSeconds(30), "a timer's alarm is scheduled");

        var arguments = await _database.ScalarAsync<string>("SELECT string_agg(arguments::text, ' | ') FROM hangfire.job");
        foreach (var list in (arguments ?? "").Split(" | "))
        {
            var values = JsonSerializer.Deserialize<List<string?>>(list)!;
            Assert.That(values, Has.All.Null.Or.Match(IdOnly()), list);
        }
    }

    private async Task<long> RetentionJobsAsync() =>
        await _database.ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE invocationdata->>'Type' LIKE '%RetentionJob%'");

    private async Task<long> SweepJobsAsync() =>
        await _database.ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE invocationdata->>'Type' LIKE '%TimerSweepJob%'");

    private async Task<string> TokenAsync(string role)
    {
        using var admin = _service.CreateClient(ServiceFactory.BootstrapToken);
        return (await admin.CreateTokenAsync($"dashboard-{role}", role)).Secret;
    }

    /// <summary>Posts a dashboard command as its page's script does: the antiforgery header from the page's meta tags.</summary>
    private static async Task<HttpResponseMessage> PostWithAntiforgeryAsync(HttpClient client, string page, string path, string jobId)
    {
        var header = Meta(page, "csrf-header");
        var token = Meta(page, "csrf-token");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([new("jobs[]", jobId)]),
        };
        request.Headers.Add(header, token);
        return await client.SendAsync(request);
    }

    private static string Meta(string page, string name)
    {
        var match = Regex.Match(page, $"<meta name=\"{name}\" content=\"([^\"]+)\"");
        Assert.That(match.Success, Is.True, $"the page carries {name}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    // A number (a real Unix second), or an audit's name.
    [GeneratedRegex("^([0-9]+|[a-z-]+)$")]
    private static partial Regex IdOnly();
}
