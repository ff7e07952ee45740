using Microsoft.AspNetCore.Http;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuditOrchestrator.Sandbox.Hosting;
using Microsoft.AspNetCore.Builder;

namespace AuditOrchestrator.Sandbox.Slack;

/// <summary>A message the simulated Slack holds, with the metadata it was posted with.</summary>
public sealed record FakeSlackMessage(string Channel, string Ts, string UserId, string Text, JsonObject? Metadata);

/// <summary>
/// A simulated Slack Web API (under /api): auth.test, conversations.open, chat.postMessage and conversations.history, with a
/// bot token (Bearer), Slack's error style (HTTP 200 with ok:false, e.g. invalid_auth, channel_not_found), its cursor
/// paging, and 429 with Retry-After. Keeps every message per DM channel for tests to read.
/// </summary>
public sealed class FakeSlack : FakeVendorServer
{
    private readonly Lock gate = new();
    private readonly HashSet<string> users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> dmChannels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<FakeSlackMessage>> messages = new(StringComparer.Ordinal);
    private string? nextError;
    private long lastTs;

    public FakeSlack(string token, string botUserId = "UBOT0001", TimeProvider? time = null)
        : base("Slack", time)
    {
        Token = token;
        BotUserId = botUserId;
    }

    public string Token { get; }

    public string BotUserId { get; }

    public void AddUser(string userId)
    {
        lock (gate)
        {
            users.Add(userId);
        }
    }

    /// <summary>A channel the bot is in and can post to (e.g. the one of <c>Notifications__SlackChannel</c>).</summary>
    public void AddChannel(string channelId)
    {
        lock (gate)
        {
            messages.TryAdd(channelId, []);
        }
    }

    /// <summary>Every message in the channel, oldest first.</summary>
    public IReadOnlyList<FakeSlackMessage> MessagesIn(string channelId)
    {
        lock (gate)
        {
            return messages.TryGetValue(channelId, out var list) ? [.. list] : [];
        }
    }

    /// <summary>The next API call answers 200 with ok:false and this error (e.g. "account_inactive").</summary>
    public void FailNextWithError(string error)
    {
        lock (gate)
        {
            nextError = error;
        }
    }

    /// <summary>Every message in the DM with the user, oldest first.</summary>
    public IReadOnlyList<FakeSlackMessage> MessagesTo(string userId)
    {
        lock (gate)
        {
            return dmChannels.TryGetValue(userId, out var channel) ? [.. messages[channel]] : [];
        }
    }

    protected override void MapRoutes(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/api/auth.test", (HttpContext c) => Method(c, _ => new { ok = true, user_id = BotUserId, user = "auditorchestrator", team = "Support" }));
        app.MapPost("/api/conversations.open", (HttpContext c) => Method(c, OpenConversation));
        app.MapPost("/api/chat.postMessage", (HttpContext c) => Method(c, PostMessage));
        app.MapMethods("/api/conversations.history", ["GET", "POST"], (HttpContext c) => Method(c, History));
    }

    protected override bool IsAuthorized(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.Authorization.ToString() == $"Bearer {Token}";
    }

    protected override Task WriteUnauthorizedAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var error = string.IsNullOrEmpty(context.Request.Headers.Authorization) ? "not_authed" : "invalid_auth";
        return context.Response.WriteAsJsonAsync(new { ok = false, error });
    }

    protected override Task WriteRateLimitedAsync(HttpContext context, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Max(0, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return context.Response.WriteAsJsonAsync(new { ok = false, error = "ratelimited" });
    }

    private object OpenConversation(Args args)
    {
        var user = args["users"] ?? throw new SlackError("users_list_not_supplied");
        if (user.Contains(',', StringComparison.Ordinal))
        {
            throw new SlackError("method_not_supported_for_channel_type");
        }

        if (!users.Contains(user))
        {
            throw new SlackError("user_not_found");
        }

        if (!dmChannels.TryGetValue(user, out var channel))
        {
            channel = "D" + user.TrimStart('U', 'W');
            dmChannels[user] = channel;
            messages[channel] = [];
        }

        return new { ok = true, channel = new { id = channel } };
    }

    private object PostMessage(Args args)
    {
        var channel = args["channel"] ?? throw new SlackError("channel_not_found");
        if (!messages.TryGetValue(channel, out var list))
        {
            throw new SlackError("channel_not_found");
        }

        var text = args["text"];
        if (string.IsNullOrEmpty(text))
        {
            throw new SlackError("no_text");
        }

        var metadata = args.Object("metadata");
        if (metadata is not null && (metadata["event_type"] is null || metadata["event_payload"] is not JsonObject))
        {
            throw new SlackError("invalid_metadata_format");
        }

        var message = new FakeSlackMessage(channel, NextTs(), BotUserId, text, metadata);
        list.Add(message);
        return new { ok = true, channel, ts = message.Ts, message = Shape(message, withMetadata: true) };
    }

    private object History(Args args)
    {
        var channel = args["channel"] ?? throw new SlackError("channel_not_found");
        if (!messages.TryGetValue(channel, out var list))
        {
            throw new SlackError("channel_not_found");
        }

        var limit = Math.Clamp(int.TryParse(args["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : 100, 1, 999);
        var offset = args["cursor"] is { Length: > 0 } cursor
            ? int.TryParse(cursor.Replace("offset_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var o)
                ? o
                : throw new SlackError("invalid_cursor")
            : 0;
        var withMetadata = args["include_all_metadata"] is "true" or "1";
        var newestFirst = Enumerable.Reverse(list).ToList();
        var page = newestFirst.Skip(offset).Take(limit).Select(m => Shape(m, withMetadata)).ToList();
        var hasMore = offset + limit < newestFirst.Count;
        return new
        {
            ok = true,
            messages = page,
            has_more = hasMore,
            response_metadata = new { next_cursor = hasMore ? $"offset_{offset + limit}" : "" },
        };
    }

    private static JsonObject Shape(FakeSlackMessage message, bool withMetadata)
    {
        var shape = new JsonObject
        {
            ["type"] = "message",
            ["user"] = message.UserId,
            ["bot_id"] = "B" + message.UserId,
            ["text"] = message.Text,
            ["ts"] = message.Ts,
        };
        if (withMetadata && message.Metadata is not null)
        {
            shape["metadata"] = message.Metadata.DeepClone();
        }

        return shape;
    }

    private string NextTs()
    {
        var micros = Time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        lastTs = Math.Max(lastTs + 1, micros);
        return (lastTs / 1_000_000).ToString(CultureInfo.InvariantCulture) + "." + (lastTs % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    private async Task Method(HttpContext context, Func<Args, object> handle)
    {
        object result;
        try
        {
            var args = await Args.ReadAsync(context.Request);
            lock (gate)
            {
                if (nextError is { } error)
                {
                    nextError = null;
                    throw new SlackError(error);
                }

                result = handle(args);
            }
        }
        catch (SlackError e)
        {
            result = new { ok = false, error = e.Message };
        }

        // Slack answers its errors with 200.
        await context.Response.WriteAsJsonAsync(result);
    }

    private sealed class SlackError(string error) : Exception(error);

    /// <summary>Arguments as Slack reads them: JSON body, form body or query string.</summary>
    private sealed class Args
    {
        private readonly JsonObject json;
        private readonly IQueryCollection query;
        private readonly IFormCollection? form;

        private Args(JsonObject json, IQueryCollection query, IFormCollection? form)
        {
            this.json = json;
            this.query = query;
            this.form = form;
        }

        public string? this[string name] =>
            json[name] is JsonValue value ? value.ToString()
            : form is not null && form.TryGetValue(name, out var f) ? f.ToString()
            : query.TryGetValue(name, out var q) ? q.ToString()
            : null;

        public JsonObject? Object(string name) =>
            json[name] as JsonObject
            ?? (this[name] is { Length: > 0 } text ? ParseObject(text) : null);

        public static async Task<Args> ReadAsync(HttpRequest request)
        {
            if (request.HasJsonContentType())
            {
                request.Body.Position = 0;
                try
                {
                    var node = await JsonNode.ParseAsync(request.Body);
                    return new Args(node as JsonObject ?? [], request.Query, null);
                }
                catch (JsonException)
                {
                    throw new SlackError("invalid_json");
                }
            }

            return new Args([], request.Query, request.HasFormContentType ? await request.ReadFormAsync() : null);
        }

        private static JsonObject ParseObject(string text)
        {
            try
            {
                return JsonNode.Parse(text) as JsonObject ?? throw new SlackError("invalid_metadata_format");
            }
            catch (JsonException)
            {
                throw new SlackError("invalid_metadata_format");
            }
        }
    }
}
