using System.Security.Cryptography;
using AuditOrchestrator.Audits.SupportTeam;

namespace AuditOrchestrator.Sandbox.Slack;

/// <summary>The simulated Slack as the sandbox runs it: one user per team member with a Slack id, a fresh bot token.</summary>
public static class SimulatedSlack
{
    public static async Task<FakeSlack> StartAsync(SupportTeam team, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(team);
        var fake = new FakeSlack("xoxb-sandbox-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), time: time);
        try
        {
            await fake.StartAsync(cancellationToken);
        }
        catch
        {
            await fake.DisposeAsync();
            throw;
        }

        foreach (var id in team.Members.Select(m => m.Slack?.Id).OfType<string>())
        {
            fake.AddUser(id);
        }

        return fake;
    }

    /// <summary>Configuration keys (":" separated) for the host.</summary>
    public static IReadOnlyDictionary<string, string?> Configuration(FakeSlack slack)
    {
        ArgumentNullException.ThrowIfNull(slack);
        return new Dictionary<string, string?> { ["Slack:BaseUrl"] = slack.BaseUrl, ["Slack:Token"] = slack.Token };
    }
}
