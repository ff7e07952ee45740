using System.Text.Json;

namespace AuditOrchestrator.Vendors.Slack;

/// <summary>A message as posted or read back: its channel, its timestamp id and the key it carries, if any.</summary>
public sealed record SlackMessage(string Channel, string Ts, string Text, string? Key);

// Wire shapes (snake_case); every Slack answer has ok and, when ok is false, error.

internal record SlackResponse(bool Ok, string? Error);

internal sealed record SlackChannel(string Id);

internal sealed record ConversationsOpenResponse(bool Ok, string? Error, SlackChannel? Channel) : SlackResponse(Ok, Error);

internal sealed record PostMessageResponse(bool Ok, string? Error, string? Channel, string? Ts, SlackHistoryMessage? Message)
    : SlackResponse(Ok, Error);

internal sealed record SlackMetadata(string EventType, JsonElement EventPayload);

internal sealed record SlackHistoryMessage(string? Type, string? User, string? BotId, string? Text, string Ts, SlackMetadata? Metadata);

internal sealed record SlackResponseMetadata(string? NextCursor);

internal sealed record ConversationsHistoryResponse(
    bool Ok,
    string? Error,
    IReadOnlyList<SlackHistoryMessage>? Messages,
    bool HasMore,
    SlackResponseMetadata? ResponseMetadata) : SlackResponse(Ok, Error);
