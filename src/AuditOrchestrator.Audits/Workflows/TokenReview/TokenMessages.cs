using System.Globalization;
using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Text;

namespace AuditOrchestrator.Audits.Workflows.TokenReview;

/// <summary>The first ping of a token item: the owner (or the SOM in their place) is asked for the token's justification.</summary>
public static class TokenMessages
{
    public static string FirstPing(JsonObject item, string mention, string? reason, string doneEmoji)
    {
        ArgumentNullException.ThrowIfNull(item);
        var token = StepVariables.String(item, "token");
        var owner = StepVariables.String(item, "person");
        var ask = reason is null
            ? $"{Inert.Mention(mention)} the Zendesk API token {Inert.Code(token)} names you as its owner. Please write what uses it and why in the Justification column of the token table in this issue's description, or explain here."
            : $"{Inert.Mention(mention)} the Zendesk API token {Inert.Code(token)} names {Inert.Code(owner)} as its owner, who cannot be asked here ({Inert.Text(reason)}). Please find its justification (token table in the description, or here), or have the token revoked.";
        return $"{ask}\n\nReply on this thread, award :{doneEmoji}: on this note, or resolve the thread when done.";
    }

    /// <summary>The most token names the over-limit note lists; the journal keeps every one.</summary>
    public const int OverLimitNamesShown = 50;

    /// <summary>The note saying the token table is longer than one review follows up, naming the rows it leaves out.</summary>
    public static string OverLimit(int rows, int max, IReadOnlyList<string> notRead)
    {
        ArgumentNullException.ThrowIfNull(notRead);
        var names = string.Join(", ", notRead.Take(OverLimitNamesShown).Select(Inert.Code));
        var more = notRead.Count > OverLimitNamesShown
            ? string.Create(CultureInfo.InvariantCulture, $" and {notRead.Count - OverLimitNamesShown} more")
            : "";
        return string.Create(CultureInfo.InvariantCulture, $"""
            The token table has {rows} token rows; one review follows up at most {max}. These {notRead.Count} rows after the first {max} are not followed up: {names}{more}.

            Review those tokens in a separate issue, or remove tokens that are gone from the table: once it is back within {max} rows, the rest are followed up here.
            """);
    }
}
