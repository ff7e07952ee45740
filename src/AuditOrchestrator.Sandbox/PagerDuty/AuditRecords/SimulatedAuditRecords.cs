using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AuditOrchestrator.Sandbox.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AuditOrchestrator.Sandbox.PagerDuty.AuditRecords;

/// <summary>
/// PagerDuty's GET /audit/records on a simulated PagerDuty: newest first, cursor paging (<c>limit</c> ≤ 100,
/// <c>next_cursor</c>), <c>since</c>/<c>until</c> at most 31 days apart (400 otherwise), and switches for the answers a
/// collector must survive: 401 (token revoked), 403 (no <c>audit_records.read</c>), 402 (plan without audit records),
/// and a run of 500s after some pages. 429 and 5xx come from the server's own <see cref="FakeVendorServer.Faults"/>.
/// </summary>
public sealed class SimulatedAuditRecords
{
    public const int MaxLimit = 100;
    private const string MalformedPrefix = "~malformed";
    private static readonly TimeSpan MaxRange = TimeSpan.FromDays(31);

    private readonly Lock gate = new();

    // Newest first, sorted lazily: seeding 200,000 records must not sort on every add, nor every page.
    private readonly List<Entry> records = [];
    private TimeProvider time;
    private TimeSpan? changeEvery;
    private DateTimeOffset lastChange;
    private bool sorted = true;
    private int refusal;
    private int? failAfterPages;
    private int pagesServed;
    private long sequence;

    private SimulatedAuditRecords(TimeProvider time) => this.time = time;

    /// <summary>A record kept small (a benchmark holds hundreds of thousands); its JSON is written when served.</summary>
    private sealed record Entry(DateTimeOffset At, string Id, long N, string Action, string RootType, string ActorId, JsonObject? Malformed);

    /// <summary>Adds the endpoint to a simulated PagerDuty (before it starts).</summary>
    public static SimulatedAuditRecords AttachTo(FakeVendorServer pagerDuty)
    {
        ArgumentNullException.ThrowIfNull(pagerDuty);
        var simulated = new SimulatedAuditRecords(pagerDuty.Time);
        pagerDuty.MapAlso(simulated.Map);
        return simulated;
    }

    /// <summary>Serves the same records on another simulated PagerDuty too: the same account reached with other settings.</summary>
    public void AlsoServeOn(FakeVendorServer pagerDuty)
    {
        ArgumentNullException.ThrowIfNull(pagerDuty);
        pagerDuty.MapAlso(Map);
    }

    /// <summary>Every well-formed record's id, newest first: what a complete collection must hold.</summary>
    public IReadOnlyList<string> Ids
    {
        get
        {
            lock (gate)
            {
                return [.. Sorted().Where(r => r.Malformed is null).Select(r => r.Id)];
            }
        }
    }

    public int PagesServed
    {
        get
        {
            lock (gate)
            {
                return pagesServed;
            }
        }
    }

    /// <summary>A well-formed record executed at <paramref name="at"/>, shaped like PagerDuty's example; returns its id.</summary>
    public string Add(DateTimeOffset at, string action = "update", string rootType = "schedule_reference", string actorId = "PDUSER1")
    {
        lock (gate)
        {
            var n = ++sequence;
            var id = string.Create(CultureInfo.InvariantCulture, $"PDREC{n:D8}");
            records.Add(new Entry(at, id, n, action, rootType, actorId, null));
            sorted = false;
            return id;
        }
    }

    /// <summary>
    /// Puts the records on <paramref name="clock"/> (the sandbox's simulated clock, whose epoch is known only once the
    /// service has started): the newest lands on its now, the others keep their spacing, and from then on an admin change
    /// is recorded every <paramref name="every"/> of that clock, so the collector always has fresh records to gather.
    /// </summary>
    public void FollowClock(TimeProvider clock, TimeSpan every)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(every, TimeSpan.Zero);
        lock (gate)
        {
            var now = clock.GetUtcNow();
            var shift = records.Count == 0 ? TimeSpan.Zero : now - records.Max(r => r.At);
            for (var i = 0; i < records.Count; i++)
            {
                records[i] = records[i] with { At = records[i].At + shift };
            }
            time = clock;
            changeEvery = every;
            lastChange = now;
        }
    }

    /// <summary>The changes the simulated admins made since the last request (lazily: no timer runs on a fast clock).</summary>
    private void CatchUpWithClock()
    {
        if (changeEvery is not { } every)
        {
            return;
        }
        var now = time.GetUtcNow();
        // A clock moved years ahead (a demo left running) records the latest changes only: the collector looks back 31 days at most.
        if (now - lastChange > TimeSpan.FromDays(62))
        {
            lastChange = now - TimeSpan.FromDays(62);
        }
        while (lastChange + every <= now)
        {
            lastChange += every;
            var n = ++sequence;
            records.Add(new Entry(lastChange, string.Create(CultureInfo.InvariantCulture, $"PDREC{n:D8}"), n, "update", "schedule_reference", "PDUSER1", null));
            sorted = false;
        }
    }

    /// <summary><paramref name="count"/> records spread evenly from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public IReadOnlyList<string> Seed(int count, DateTimeOffset from, DateTimeOffset to)
    {
        var step = count > 1 ? (to - from) / (count - 1) : TimeSpan.Zero;
        return [.. Enumerable.Range(0, count).Select(i => Add(from + step * i))];
    }

    /// <summary>A record PagerDuty should never send (a missing id or time, a field of the wrong type), listed at <paramref name="at"/>.</summary>
    public void AddMalformed(JsonObject json, DateTimeOffset at)
    {
        lock (gate)
        {
            var n = ++sequence;
            records.Add(new Entry(at, MalformedPrefix + n.ToString(CultureInfo.InvariantCulture), n, "", "", "", json));
            sorted = false;
        }
    }

    /// <summary>Every request for audit records answers this status (401, 402 or 403) until <see cref="Accept"/>.</summary>
    public void Refuse(int status)
    {
        lock (gate)
        {
            refusal = status;
        }
    }

    public void Accept()
    {
        lock (gate)
        {
            refusal = 0;
        }
    }

    /// <summary>After <paramref name="pages"/> more pages, every request answers 500 until <see cref="Heal"/>: a pass broken mid-way.</summary>
    public void BreakAfterPages(int pages)
    {
        lock (gate)
        {
            failAfterPages = pagesServed + pages;
        }
    }

    public void Heal()
    {
        lock (gate)
        {
            failAfterPages = null;
        }
    }

    private void Map(WebApplication app) => app.MapGet("/audit/records", (HttpRequest request) => Page(request));

    private IResult Page(HttpRequest request)
    {
        lock (gate)
        {
            if (refusal != 0)
            {
                return Refused(refusal);
            }

            if (failAfterPages is { } limit && pagesServed >= limit)
            {
                return Error(500, "Internal Server Error", 2001);
            }

            CatchUpWithClock();
            var now = time.GetUtcNow();
            if (!TryTime(request.Query["until"], now, out var until) || !TryTime(request.Query["since"], until - TimeSpan.FromDays(1), out var since))
            {
                return Error(400, "Invalid Input Provided", 2001, "since and until must be ISO 8601 date-times");
            }

            if (since >= until || until - since > MaxRange)
            {
                return Error(400, "Invalid Input Provided", 2001, "The range between since and until must be positive and at most 31 days");
            }

            var size = int.TryParse(request.Query["limit"], CultureInfo.InvariantCulture, out var l) && l > 0 ? Math.Min(l, MaxLimit) : 10;
            var after = Decode(request.Query["cursor"]);
            var all = Sorted();
            var page = new List<Entry>(size + 1);
            for (var i = FirstOlderThan(all, after ?? (until, "")); i < all.Count && all[i].At >= since && page.Count <= size; i++)
            {
                page.Add(all[i]);
            }

            var more = page.Count > size;
            page = [.. page.Take(size)];
            pagesServed++;
            var body = new JsonObject
            {
                ["records"] = new JsonArray([.. page.Select(Json)]),
                ["response_metadata"] = null,
                ["limit"] = size,
                ["next_cursor"] = more ? Encode(page[^1]) : null,
            };
            return Results.Text(body.ToJsonString(), "application/json", Encoding.UTF8);
        }
    }

    private List<Entry> Sorted()
    {
        if (!sorted)
        {
            records.Sort((x, y) => Compare(y, (x.At, x.Id)));
            sorted = true;
        }

        return records;
    }

    /// <summary>The index of the first entry (newest first) strictly older than <paramref name="key"/>.</summary>
    private static int FirstOlderThan(List<Entry> all, (DateTimeOffset At, string Id) key)
    {
        int low = 0, high = all.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (Compare(all[middle], key) < 0)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    private static int Compare(Entry entry, (DateTimeOffset At, string Id) key)
    {
        var byTime = entry.At.CompareTo(key.At);
        return byTime != 0 ? byTime : string.CompareOrdinal(entry.Id, key.Id);
    }

    /// <summary>The record as PagerDuty writes it (the shape of the handbook's example).</summary>
    private static JsonNode Json(Entry r)
    {
        if (r.Malformed is { } malformed)
        {
            return malformed.DeepClone();
        }

        var resource = string.Create(CultureInfo.InvariantCulture, $"PRES{r.N % 50}");
        return new JsonObject
        {
            ["id"] = r.Id,
            ["execution_time"] = r.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["execution_context"] = new JsonObject { ["request_id"] = $"req-{r.N}", ["remote_address"] = "201.19.20.19" },
            ["actors"] = new JsonArray(new JsonObject { ["id"] = r.ActorId, ["summary"] = "Jon Snow", ["type"] = "user_reference" }),
            ["method"] = new JsonObject { ["type"] = "api_token", ["truncated_token"] = "3usr" },
            ["root_resource"] = new JsonObject { ["id"] = resource, ["type"] = r.RootType, ["summary"] = "Primary on-call" },
            ["action"] = r.Action,
            ["details"] = new JsonObject
            {
                ["resource"] = new JsonObject { ["id"] = resource, ["type"] = r.RootType, ["summary"] = "Primary on-call" },
                ["fields"] = new JsonArray(new JsonObject { ["name"] = "name", ["before_value"] = "old", ["value"] = "new" }),
            },
        };
    }

    private static string Encode(Entry last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{last.At.UtcTicks}|{last.Id}")));

    private static (DateTimeOffset, string)? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        var parts = Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).Split('|', 2);
        return (new DateTimeOffset(long.Parse(parts[0], CultureInfo.InvariantCulture), TimeSpan.Zero), parts[1]);
    }

    private static bool TryTime(string? value, DateTimeOffset fallback, out DateTimeOffset result)
    {
        if (string.IsNullOrEmpty(value))
        {
            result = fallback;
            return true;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out result);
    }

    private static IResult Refused(int status) => status switch
    {
        401 => Error(401, "Unauthorized", 2006),
        403 => Error(403, "Access Denied", 2010, "The access token is missing the required scope audit_records.read"),
        402 => Error(402, "Payment Required", 2012, "The account does not have the abilities to use audit records"),
        _ => Error(status, "Error", 2001),
    };

    private static IResult Error(int status, string message, int code, string? detail = null) =>
        Results.Json(new { error = new { message, code, errors = detail is null ? Array.Empty<string>() : [detail] } }, statusCode: status);
}
