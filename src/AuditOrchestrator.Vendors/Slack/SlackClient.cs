using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.Vendors.Http;

namespace AuditOrchestrator.Vendors.Slack;

/// <summary>
/// The three Slack Web API methods the orchestrator needs to DM the SOM once: conversations.open, chat.postMessage
/// and conversations.history. The idempotency key travels in the message's metadata (invisible to the reader) and
/// is found again through history. Slack reports errors as 200 with ok:false; they become <see cref="VendorApiException"/>.
/// </summary>
public sealed class SlackClient(HttpClient http)
{
    public const string Vendor = "Slack";

    /// <summary>The metadata event type that marks our messages.</summary>
    public const string MetadataEventType = "auditorchestrator_message";

    private const int HistoryPageSize = 200;

    /// <summary>History pages searched for a key; the bot's DMs to one person are few, so this reaches far back.</summary>
    private const int MaxHistoryPages = 10;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The DM channel id between the bot and the user (the same id every time).</summary>
    public async Task<string> OpenDirectMessageAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        // Opening the DM again returns the same channel: safe to retry after a 5xx, unlike chat.postMessage.
        var response = await PostAsync<ConversationsOpenResponse>("conversations.open", new { users = userId }, cancellationToken, safeToRepeat: true);
        return response.Channel?.Id ?? throw new VendorApiException(Vendor, null, "conversations.open returned no channel");
    }

    /// <summary>Posts a message; when <paramref name="key"/> is given it is carried in the message metadata.</summary>
    public async Task<SlackMessage> PostMessageAsync(string channel, string text, string? key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentNullException.ThrowIfNull(text);
        var body = new
        {
            channel,
            text,
            metadata = key is null ? null : new { event_type = MetadataEventType, event_payload = new { key } },
        };
        var response = await PostAsync<PostMessageResponse>("chat.postMessage", body, cancellationToken);
        return new SlackMessage(response.Channel ?? channel, response.Ts ?? "", text, key);
    }

    /// <summary>The message in the channel that carries <paramref name="key"/>, newest first; null when none.</summary>
    public async Task<SlackMessage?> FindMessageByKeyAsync(string channel, string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        string? cursor = null;
        for (var page = 0; page < MaxHistoryPages; page++)
        {
            var uri = $"conversations.history?channel={Uri.EscapeDataString(channel)}&limit={HistoryPageSize}&include_all_metadata=true"
                + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            using var httpResponse = await http.GetAsync(uri, cancellationToken);
            var history = await ReadAsync<ConversationsHistoryResponse>(httpResponse, "conversations.history", cancellationToken);
            foreach (var message in history.Messages ?? [])
            {
                if (KeyOf(message) == key)
                {
                    return new SlackMessage(channel, message.Ts, message.Text ?? "", key);
                }
            }

            cursor = history.ResponseMetadata?.NextCursor;
            if (!history.HasMore || string.IsNullOrEmpty(cursor))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>DMs the user unless a message with the key is already in the DM; returns the message either way.</summary>
    public async Task<SlackMessage> SendDirectMessageOnceAsync(string userId, string key, string text, CancellationToken cancellationToken)
    {
        var channel = await OpenDirectMessageAsync(userId, cancellationToken);
        if (await FindMessageByKeyAsync(channel, key, cancellationToken) is { } existing)
        {
            return existing;
        }

        // If the process dies after this post, the next attempt finds the message by its key above.
        return await PostMessageAsync(channel, text, key, cancellationToken);
    }

    private static string? KeyOf(SlackHistoryMessage message) =>
        message.Metadata is { EventType: MetadataEventType } metadata
        && metadata.EventPayload.ValueKind == JsonValueKind.Object
        && metadata.EventPayload.TryGetProperty("key", out var key)
        && key.ValueKind == JsonValueKind.String
            ? key.GetString()
            : null;

    private async Task<T> PostAsync<T>(string method, object body, CancellationToken cancellationToken, bool safeToRepeat = false)
        where T : SlackResponse
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, method) { Content = JsonContent.Create(body, body.GetType(), options: Json) };
        request.Options.Set(VendorResilience.SafeToRepeat, safeToRepeat);
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync<T>(response, method, cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, string method, CancellationToken cancellationToken)
        where T : SlackResponse
    {
        var result = await response.ReadJsonAsync<T>(Vendor, Json, cancellationToken);
        if (!result.Ok)
        {
            throw new VendorApiException(Vendor, response.StatusCode, $"{method} failed: {result.Error ?? "unknown error"}");
        }

        return result;
    }
}
