using System.Text.Json.Nodes;

namespace AuditOrchestrator.Integrations.Workflows.TokenReview;

/// <summary>The first ping of a token item: the owner (or the SOM in their place) is asked for the token's justification.</summary>
public static class TokenMessages
{
    public static string FirstPing(JsonObject item, string mention, string? reason, string doneEmoji)
    {
        ArgumentNullException.ThrowIfNull(item);
        var token = StepVariables.String(item, "token");
        var owner = StepVariables.String(item, "person");
        var ask = reason is null
            ? $"@{mention} the Zendesk API token `{token}` names you as its owner. Please write what uses it and why in the Justification column of the token table in this issue's description, or explain here."
            : $"@{mention} the Zendesk API token `{token}` names `{owner}` as its owner, who cannot be asked here ({reason}). Please find its justification (token table in the description, or here), or have the token revoked.";
        return $"{ask}\n\nReply on this thread, award :{doneEmoji}: on this note, or resolve the thread when done.";
    }
}
