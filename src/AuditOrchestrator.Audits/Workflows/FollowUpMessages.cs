using System.Text;
using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Text;

namespace AuditOrchestrator.Audits.Workflows;

/// <summary>The texts the workflows post on the audit issue.</summary>
public static class FollowUpMessages
{
    public static string FirstPing(JsonObject item, string mention, string? reason, string doneEmoji)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (TokenReview.TokenItems.IsToken(item))
        {
            return TokenReview.TokenMessages.FirstPing(item, mention, reason, doneEmoji);
        }
        var md = new StringBuilder();
        md.Append(Inert.Mention(mention)).Append(' ');
        md.AppendLine(reason is null
            ? "the access audit found the following about you. Please fix it, or explain here why it is intentional."
            : $"the access audit found the following about {Inert.Code(Subject(item))}, who cannot be asked here ({Inert.Text(reason)}). Please justify it or have it fixed.");
        md.AppendLine();
        foreach (var finding in item["findings"]?.AsArray() ?? [])
        {
            md.Append("- ").Append(Inert.Code(finding?["code"]?.GetValue<string>())).Append(": ").AppendLine(Inert.Text(finding?["message"]?.GetValue<string>()));
        }
        md.AppendLine();
        md.Append("Reply on this thread, award :").Append(doneEmoji).Append(": on this note, or resolve the thread when done.");
        return md.ToString();
    }

    public static string SecondPing(string mention) =>
        $"{Inert.Mention(mention)} a reminder: the findings above are still open. Please fix them or explain here why they are intentional.";

    public static string ManagerPing(string manager, JsonObject item) =>
        $"{Inert.Mention(manager)} the findings above about {Inert.Text((item ?? throw new ArgumentNullException(nameof(item)))["name"]?.GetValue<string>())} ({Inert.Code(Subject(item))}) are still open after two pings. Could you help get them fixed or explained?";

    public static string ManagerAndSomPing(string manager, string som, JsonObject item) =>
        $"{(string.Equals(manager, som, StringComparison.OrdinalIgnoreCase) ? Inert.Mention(som) : $"{Inert.Mention(manager)} {Inert.Mention(som)}")} the findings above about {Inert.Text((item ?? throw new ArgumentNullException(nameof(item)))["name"]?.GetValue<string>())} ({Inert.Code(Subject(item))}) have had no answer for 72 hours. Could you help get them fixed or explained?";

    public static string SomInsteadOfManager(string som, JsonObject item) =>
        $"{Inert.Mention(som)} the findings above about {Inert.Code(Subject(item ?? throw new ArgumentNullException(nameof(item))))} have had no answer for 72 hours, and there is no manager to ask. Could you resolve them or justify them?";

    public static string SomAssistance(string som, JsonObject item) =>
        $"{Inert.Mention(som)} the findings above about {Inert.Code(Subject(item))} are still open after every follow-up. Support Operations assistance is needed.";

    /// <summary>The Slack DM to the SOM when not every item was addressed (Slack mrkdwn: a link, a bullet per item).</summary>
    public static string SomDirectMessage(string issueTitle, string issueUrl, IReadOnlyList<RunItem> notAddressed)
    {
        ArgumentNullException.ThrowIfNull(notAddressed);
        var text = new StringBuilder();
        text.Append("Not every item of <").Append(issueUrl).Append('|').Append(issueTitle).Append("> has been addressed after the pings and the escalation (")
            .Append(notAddressed.Count).AppendLine(" open). Please look into them before your review:");
        foreach (var item in notAddressed)
        {
            text.Append("• `").Append(Inert.Slack(item.Id)).Append("`: ").AppendLine(Inert.Slack(item.State));
        }
        return text.ToString().TrimEnd();
    }

    public static IReadOnlyList<string> Review(string som, string issueTitle, IReadOnlyList<(string Item, string State)> items, int maxBytes = ReviewNotes.MaxPartBytes)
    {
        ArgumentNullException.ThrowIfNull(items);
        // The state is the caller's Markdown, made of inert parts (AskForReviewActivity).
        return ReviewNotes.Split(
            $"{Inert.Mention(som)} every item of {Inert.Text(issueTitle)} has been followed up. Please review.",
            [.. items.Select(i => $"- {Inert.Code(i.Item)}: {i.State}")],
            "Approve by awarding the approval emoji on this note (the issue is then closed for you) or by closing the issue.",
            maxBytes);
    }

    /// <summary>Why the service reopened the audit issue, what is still open, and who closes it when.</summary>
    public static string ReopenedEarly(string? closer, string? som, string reason, IReadOnlyList<(string Item, string State)> open, bool reviewRequested)
    {
        ArgumentNullException.ThrowIfNull(open);
        var md = new StringBuilder();
        md.Append("This issue was closed by ").Append(Inert.Code(closer ?? "someone")).Append(" and has been reopened: ")
            .Append(Inert.Text(reason)).AppendLine(".");
        md.AppendLine();
        if (open.Count > 0)
        {
            md.AppendLine("Still being followed up:");
            foreach (var (item, state) in open)
            {
                md.Append("- ").Append(Inert.Code(item)).Append(": ").AppendLine(Inert.Text(state));
            }
            md.AppendLine();
        }
        md.Append(som is null ? "The SOM" : Inert.Mention(som))
            .Append(reviewRequested
                ? " approves on the review note (the approval emoji) or closes the issue."
                : " is asked to review once every item is done, and closes the issue after the review.");
        return md.ToString();
    }

    /// <summary>Tells the new SOM of a run, on its issue, that the run is theirs now.</summary>
    public static string SomChanged(string newSom, string? previous, string actor, string? reason)
    {
        var md = new StringBuilder();
        md.Append(Inert.Mention(newSom)).Append(" you are now the Support Operations Manager of this audit");
        if (previous is not null)
        {
            md.Append(", in place of ").Append(Inert.Code(previous));
        }
        md.Append(" (changed by ").Append(Inert.Code(actor)).Append(')');
        if (!string.IsNullOrEmpty(reason))
        {
            md.Append(": ").Append(Inert.Text(reason));
        }
        md.Append(". The remaining pings and the review come to you.");
        return md.ToString();
    }

    private static string Subject(JsonObject item) =>
        item["username"]?.GetValue<string>() ?? item["person"]?.GetValue<string>() ?? "the organisation";
}
