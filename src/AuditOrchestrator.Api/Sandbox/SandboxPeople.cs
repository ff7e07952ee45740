using System.Text.RegularExpressions;
using AuditOrchestrator.Sandbox.GitLab;

namespace AuditOrchestrator.Api.Sandbox;

/// <summary>
/// The demo team acting in the simulated GitLab: of the people pinged, some answer at once, some only after the second
/// ping, the rest stay silent; the SOM approves each review with the approval emoji. Who does what is stable (by name).
/// What they do reaches the service as GitLab webhooks, like real people's answers.
/// </summary>
public sealed partial class SandboxPeople(SandboxVendors vendors, ILogger<SandboxPeople> logger) : BackgroundService
{
    private readonly HashSet<string> _done = [];

    public enum Behaviour
    {
        AnswersAtOnce,
        AnswersAfterSecondPing,
        StaysSilent,
    }

    /// <summary>Stable per person, so a restarted sandbox tells the same story.</summary>
    public static Behaviour BehaviourOf(string username) =>
        (Behaviour)((username.Aggregate(17, (hash, c) => unchecked(hash * 31 + c)) & 0x7fffffff) % 3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        while (await ticks.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ActAsync();
            }
            catch (InvalidOperationException)
            {
                // The service was writing to the fake meanwhile; look again at the next tick.
            }
        }
    }

    private async Task ActAsync()
    {
        var fake = vendors.GitLab.Fake;
        var managers = vendors.Managers.ToHashSet(StringComparer.Ordinal);
        foreach (var issue in fake.Issues(SimulatedGitLab.AuditProject).ToList())
        {
            if (issue.State != "opened")
            {
                continue;
            }
            if (vendors.Managers.FirstOrDefault() is { } som && WithDemoTokens(issue.Description, som) is { } filled)
            {
                await OnceAsync($"tokens:{issue.Iid}", () => fake.EditDescriptionAsync(issue.Iid, som, filled), $"{som} lists the API tokens of !{issue.Iid}");
            }
            foreach (var discussion in issue.Discussions.ToList())
            {
                var botNotes = discussion.Notes.ToList().Where(n => n.AuthorId == issue.AuthorId && !n.System).ToList();
                if (botNotes.Count == 0)
                {
                    continue;
                }
                var first = botNotes[0];
                var mentioned = Mention().Matches(first.Body).Select(m => m.Groups[1].Value).FirstOrDefault();
                if (mentioned is null)
                {
                    continue;
                }
                if (managers.Contains(mentioned) && first.Body.Contains("Please review", StringComparison.Ordinal))
                {
                    await OnceAsync($"approve:{first.Id}", () => fake.AwardEmojiAsync(issue.Iid, mentioned, "thumbsup", first.Id), $"{mentioned} approves the review of !{issue.Iid}");
                    continue;
                }
                var answers = BehaviourOf(mentioned) switch
                {
                    Behaviour.AnswersAtOnce => botNotes.Count >= 1,
                    Behaviour.AnswersAfterSecondPing => botNotes.Count >= 2,
                    _ => false,
                };
                if (answers && !managers.Contains(mentioned))
                {
                    await OnceAsync($"answer:{discussion.Id}", () => fake.ReplyAsync(issue.Iid, discussion.Id, mentioned,
                        "Thanks for the ping: this access is intentional, I use it for the on-call handover."), $"{mentioned} answers on !{issue.Iid}");
                }
            }
        }
    }

    /// <summary>
    /// A Zendesk issue's token table as the SOM fills it in the demo: one token they own, already justified, and one
    /// whose owner left the team (the SOM's to resolve), then the box ticked. Null when there is no open table to fill.
    /// </summary>
    public static string? WithDemoTokens(string description, string som)
    {
        ArgumentNullException.ThrowIfNull(description);
        var lines = description.Split('\n').ToList();
        var header = lines.FindIndex(l => l.Contains("Token name", StringComparison.OrdinalIgnoreCase) && l.Contains("Owner", StringComparison.OrdinalIgnoreCase));
        var box = lines.FindIndex(l => l.TrimStart().StartsWith("- [ ] Token table complete", StringComparison.Ordinal));
        if (header < 0 || box < 0 || header + 2 > lines.Count)
        {
            return null;
        }
        lines[box] = lines[box].Replace("[ ]", "[x]", StringComparison.Ordinal);
        lines.InsertRange(header + 2,
        [
            $"| Slack urgent-ticket alerts | @{som} | Posts new urgent tickets to the support Slack channel |",
            "| Legacy reporting script | @former-contractor | |",
        ]);
        return string.Join('\n', lines);
    }

    private async Task OnceAsync<T>(string key, Func<Task<T>> act, string what)
    {
        if (!_done.Add(key))
        {
            return;
        }
        await act();
        logger.LogInformation("[sandbox] {What}", what);
    }

    [GeneratedRegex(@"(?<![\w`])@([A-Za-z0-9_.\-]+)")]
    private static partial Regex Mention();
}
