using System.Net;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;
using AuditOrchestrator.Api.Runs;

namespace AuditOrchestrator.IntegrationTests.Limits;

/// <summary>GET /api/runs pages: a bounded limit, and a cursor in the Link header that neither skips nor repeats runs.</summary>
public sealed class RunsListPagingTests
{
    [Test]
    public async Task Runs_ListedTwoAtATime_FollowingTheLinkHeader_GiveEveryRunOnceNewestFirst_AndBadPagingIs400()
    {
        await using var host = await SmallTeam.StartAsync();
        var started = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            started.Add(await host.StartRunAsync());
        }

        var seen = new List<Guid>();
        var pages = 0;
        Uri? next = new("/api/runs?limit=2", UriKind.Relative);
        while (next is not null && pages < 10)
        {
            var response = await host.Admin.GetAsync(next);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            var page = await response.Content.ReadAsync<List<RunView>>();
            Assert.That(page, Has.Count.InRange(1, 2));
            seen.AddRange(page.Select(r => r.Id));
            pages++;
            var link = response.Headers.TryGetValues("Link", out var values) ? values.Single() : null;
            next = link is null ? null : new Uri(link[1..link.IndexOf('>', StringComparison.Ordinal)], UriKind.Relative);
        }

        var all = await host.Admin.GetAsync<List<RunView>>("/api/runs?limit=500");
        Assert.Multiple(async () =>
        {
            Assert.That(pages, Is.EqualTo(3));
            Assert.That(seen, Is.EqualTo(all.Select(r => r.Id).ToList()), "the pages are the list, in order");
            Assert.That(seen, Is.EquivalentTo(started));
            Assert.That((int)(await host.Admin.GetAsync(new Uri("/api/runs?limit=501", UriKind.Relative))).StatusCode, Is.EqualTo(400));
            Assert.That((int)(await host.Admin.GetAsync(new Uri("/api/runs?limit=0", UriKind.Relative))).StatusCode, Is.EqualTo(400));
            Assert.That((int)(await host.Admin.GetAsync(new Uri("/api/runs?after=not-a-cursor", UriKind.Relative))).StatusCode, Is.EqualTo(400));
        });
    }
}
