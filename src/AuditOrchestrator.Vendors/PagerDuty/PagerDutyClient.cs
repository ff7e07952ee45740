using System.Globalization;
using Microsoft.Extensions.Options;
using AuditOrchestrator.Vendors.Http;

namespace AuditOrchestrator.Vendors.PagerDuty;

/// <summary>PagerDuty REST API v2: users and schedules, offset-paged (limit 100, <c>more</c>).</summary>
public sealed class PagerDutyClient(HttpClient http, IOptions<PagerDutyOptions> options)
{
    public const string Vendor = "PagerDuty";

    /// <summary>The API root the client calls (recorded with the account lists it reads).</summary>
    public string ApiRoot => http.BaseAddress?.ToString() ?? "";
    private const int PageSize = 100;

    /// <summary>
    /// Users pages, then (when no schedule ids are configured) one schedule list, then one GET per schedule:
    /// the fewest requests the API allows. <paramref name="extraScheduleIds"/> are fetched too (the team's listed rotations).
    /// </summary>
    public async Task<PagerDutySnapshot> FetchSnapshotAsync(IEnumerable<string> extraScheduleIds, CancellationToken cancellationToken)
    {
        EnsureToken();
        var users = await ListUsersAsync(cancellationToken);
        var configured = options.Value.ScheduleIds.Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
        var ids = configured.Count > 0
            ? configured.Concat(extraScheduleIds).Distinct(StringComparer.Ordinal).ToList()
            : await ListScheduleIdsAsync(cancellationToken);
        var schedules = new PagerDutySchedule[ids.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.Concurrency), CancellationToken = cancellationToken },
            async (i, ct) => schedules[i] = await GetScheduleAsync(ids[i], ct));
        return new PagerDutySnapshot(users, schedules) { TokenOwner = await GetTokenOwnerAsync(cancellationToken) };
    }

    /// <summary>
    /// The user a user-level token belongs to. PagerDuty answers GET /users/me with 400 for an account-level token
    /// (no user behind it): null then.
    /// </summary>
    public async Task<PagerDutyUser?> GetTokenOwnerAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri("users/me", UriKind.Relative), cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.BadRequest)
        {
            return null;
        }
        var me = (await response.ReadJsonAsync<MeEnvelope>(Vendor, VendorJson.SnakeCase, cancellationToken)).User;
        return new PagerDutyUser(me.Id, me.Name ?? "", me.Email, me.Role);
    }

    public async Task<IReadOnlyList<PagerDutyUser>> ListUsersAsync(CancellationToken cancellationToken)
    {
        var users = new List<PagerDutyUser>();
        await foreach (var page in PagesAsync<UsersPage>("users", cancellationToken))
        {
            users.AddRange(page.Users.Select(u => new PagerDutyUser(u.Id, u.Name ?? "", u.Email, u.Role)));
            if (!page.More)
            {
                break;
            }
        }

        return users;
    }

    public async Task<List<string>> ListScheduleIdsAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await foreach (var page in PagesAsync<SchedulesPage>("schedules", cancellationToken))
        {
            ids.AddRange(page.Schedules.Select(s => s.Id));
            if (!page.More)
            {
                break;
            }
        }

        return ids;
    }

    public async Task<PagerDutySchedule> GetScheduleAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri($"schedules/{Uri.EscapeDataString(id)}", UriKind.Relative), cancellationToken);
        var body = await response.ReadJsonAsync<ScheduleEnvelope>(Vendor, VendorJson.SnakeCase, cancellationToken);
        var schedule = body.Schedule;
        var userIds = (schedule.ScheduleLayers ?? [])
            .SelectMany(l => l.Users ?? [])
            .Select(u => u.User.Id)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new PagerDutySchedule(schedule.Id, schedule.Name ?? schedule.Id, userIds);
    }

    private async IAsyncEnumerable<T> PagesAsync<T>(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        where T : IOffsetPage
    {
        for (var offset = 0; ; offset += PageSize)
        {
            var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"{path}?limit={PageSize}&offset={offset}"), UriKind.Relative);
            using var response = await http.GetAsync(uri, cancellationToken);
            var page = await response.ReadJsonAsync<T>(Vendor, VendorJson.SnakeCase, cancellationToken);
            yield return page;
            if (!page.More)
            {
                yield break;
            }
        }
    }

    private void EnsureToken()
    {
        if (string.IsNullOrWhiteSpace(options.Value.Token))
        {
            throw new VendorApiException(Vendor, null, "no API token configured (PagerDuty__Token)");
        }
    }

    private interface IOffsetPage
    {
        bool More { get; }
    }

    private sealed record UsersPage(List<UserDto> Users, bool More) : IOffsetPage;

    private sealed record UserDto(string Id, string? Name, string? Email, string? Role);

    private sealed record MeEnvelope(UserDto User);

    private sealed record SchedulesPage(List<ScheduleRefDto> Schedules, bool More) : IOffsetPage;

    private sealed record ScheduleRefDto(string Id);

    private sealed record ScheduleEnvelope(ScheduleDto Schedule);

    private sealed record ScheduleDto(string Id, string? Name, List<LayerDto>? ScheduleLayers);

    private sealed record LayerDto(List<LayerUserDto>? Users);

    private sealed record LayerUserDto(UserRefDto User);

    private sealed record UserRefDto(string Id);
}
