using System.Net.Http.Json;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.IntegrationTests.Runtime;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;

namespace AuditOrchestrator.IntegrationTests.Integrity;

/// <summary>Reads the integrity tests share: journals, items, tokens of other roles.</summary>
internal static class IntegrityReads
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public static async Task<IReadOnlyList<JournalView>> JournalAsync(this FollowUpHost host, Guid instance) =>
        (await host.Admin.InstanceAsync(instance)).Journal;

    public static async Task<Guid> ItemInstanceAsync(this FollowUpHost host, Guid run, string item) =>
        (await host.ItemAsync(run, item))!.InstanceId!.Value;

    public static async Task WaitForJournalAsync(this FollowUpHost host, Guid instance, string kind, int count = 1) =>
        await Eventually.HoldsAsync(async () => (await host.JournalAsync(instance)).Count(e => e.Kind == kind) >= count,
            Patience, $"{instance} journals {kind} ×{count}");

    /// <summary>A client with a fresh API token of <paramref name="role"/>.</summary>
    public static async Task<HttpClient> ClientWithRoleAsync(this FollowUpHost host, string role)
    {
        var secret = (await host.Admin.CreateTokenAsync($"{role}-{Guid.NewGuid():N}", role)).Secret;
        var client = new HttpClient { BaseAddress = host.Admin.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        return client;
    }

    /// <summary>Moves the clock, then waits until every item waits on a timer still ahead, or is done with its chain.</summary>
    public static async Task AdvanceAndSettleAsync(this FollowUpHost host, Guid run, TimeSpan by)
    {
        host.Clock.Advance(by);
        await Eventually.HoldsAsync(async () => (await host.RunAsync(run)).Items!.All(i =>
            i.NextTimer is { } timer
                ? timer.DueAt > host.Clock.GetUtcNow()
                : i.State is "addressed" or "explained" or "escalated-som"),
            Patience, $"every item moved on after {by}");
    }

    /// <summary>Runs the quarterly chain to its review: 72 h, 4 days, 72 h; gives the review note.</summary>
    public static async Task<BotNote> RunToReviewAsync(this FollowUpHost host, Guid run, long iid)
    {
        foreach (var wait in new[] { TimeSpan.FromHours(72), TimeSpan.FromDays(4) })
        {
            await host.AdvanceAndSettleAsync(run, wait + TimeSpan.FromMinutes(1));
        }
        host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(async () => await host.StatusAsync(run) == "awaiting-review", Patience, "the SOM is asked to review");
        return host.BotNotes(iid)[^1];
    }
}
