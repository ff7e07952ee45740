using AuditOrchestrator.Sandbox.Slack;
using AuditOrchestrator.Vendors.Http;
using AuditOrchestrator.Vendors.Slack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using SlackApi = AuditOrchestrator.Vendors.Slack.SlackClient;

namespace AuditOrchestrator.IntegrationTests.SlackClient;

public sealed class SlackClientTests
{
    private const string Token = "xoxb-noprint1";
    private const string Som = "U0SALLY01";

    private static async Task<(FakeSlack Fake, ServiceProvider Services, SlackApi Client)> StartAsync(string token = Token)
    {
        var fake = new FakeSlack(Token);
        await fake.StartAsync();
        fake.AddUser(Som);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Slack:BaseUrl"] = fake.BaseUrl, ["Slack:Token"] = token })
            .Build();
        var services = new ServiceCollection();
        services.Configure<VendorResilienceOptions>(SlackApi.Vendor, o =>
        {
            o.MaxRetries = 3;
            o.BaseDelay = TimeSpan.FromMilliseconds(1);
            o.MaxDelay = TimeSpan.FromMilliseconds(5);
        });
        services.AddSlack(configuration);
        var provider = services.BuildServiceProvider();
        return (fake, provider, provider.GetRequiredService<SlackApi>());
    }

    [Test]
    public async Task SendDirectMessageOnce_PostsTheDmAndFindsItAgainByItsKey()
    {
        var (fake, services, client) = await StartAsync();
        await using var _ = fake;
        await using var __ = services;

        var sent = await client.SendDirectMessageOnceAsync(Som, "run-7:som-assist", "Audit run 7 needs your help", CancellationToken.None);
        var again = await client.SendDirectMessageOnceAsync(Som, "run-7:som-assist", "Audit run 7 needs your help", CancellationToken.None);
        var other = await client.SendDirectMessageOnceAsync(Som, "run-7:review", "Please review", CancellationToken.None);

        Assert.That(again.Ts, Is.EqualTo(sent.Ts));
        Assert.That(other.Ts, Is.Not.EqualTo(sent.Ts));
        var messages = fake.MessagesTo(Som);
        Assert.That(messages.Select(m => m.Text), Is.EqualTo(new[] { "Audit run 7 needs your help", "Please review" }));
        Assert.That(messages[0].Text, Does.Not.Contain("run-7"), "the key is in metadata, not in what the person reads");
    }

    [Test]
    public async Task FindMessageByKey_WhenTheMessageIsPagesBack_FindsIt()
    {
        var (fake, services, client) = await StartAsync();
        await using var _ = fake;
        await using var __ = services;
        var channel = await client.OpenDirectMessageAsync(Som, CancellationToken.None);
        var target = await client.PostMessageAsync(channel, "old alert", "run-1:alert", CancellationToken.None);
        for (var i = 0; i < 205; i++)
        {
            await client.PostMessageAsync(channel, $"message {i}", null, CancellationToken.None);
        }

        var found = await client.FindMessageByKeyAsync(channel, "run-1:alert", CancellationToken.None);
        var missing = await client.FindMessageByKeyAsync(channel, "run-1:never-sent", CancellationToken.None);

        Assert.That(found?.Ts, Is.EqualTo(target.Ts));
        Assert.That(missing, Is.Null);
    }

    [Test]
    public async Task Call_WhenSlackAnswersOkFalse_ThrowsAClearError()
    {
        var (fake, services, client) = await StartAsync();
        await using var _ = fake;
        await using var __ = services;

        var unknownUser = Assert.ThrowsAsync<VendorApiException>(() => client.OpenDirectMessageAsync("U0NOBODY", CancellationToken.None));
        fake.FailNextWithError("account_inactive");
        var inactive = Assert.ThrowsAsync<VendorApiException>(() => client.SendDirectMessageOnceAsync(Som, "k1", "hi", CancellationToken.None));

        Assert.That(unknownUser!.Message, Does.Contain("conversations.open failed: user_not_found"));
        Assert.That(inactive!.Message, Does.Contain("account_inactive").And.Contain("Slack"));
    }

    [Test]
    public async Task Call_WhenTokenIsRejected_ThrowsInvalidAuthWithoutTheToken()
    {
        var (fake, services, client) = await StartAsync(token: "xoxb-wrong01");
        await using var _ = fake;
        await using var __ = services;

        var error = Assert.ThrowsAsync<VendorApiException>(() => client.OpenDirectMessageAsync(Som, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("invalid_auth").And.Not.Contain("wrong-token"));
    }

    [Test]
    public async Task Call_WhenRateLimitedThenFailing_RetriesAndPosts()
    {
        var (fake, services, client) = await StartAsync();
        await using var _ = fake;
        await using var __ = services;
        var channel = await client.OpenDirectMessageAsync(Som, CancellationToken.None);
        fake.ClearCalls();
        fake.Faults.RateLimitNext(2, TimeSpan.Zero);

        var message = await client.PostMessageAsync(channel, "hello", "k", CancellationToken.None);

        Assert.That(message.Ts, Is.Not.Empty);
        Assert.That(fake.Calls.Select(c => c.StatusCode), Is.EqualTo(new[] { 429, 429, 200 }));
        Assert.That(fake.MessagesTo(Som), Has.Count.EqualTo(1));
    }
}
