using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.IntegrationTests.Workflows;

/// <summary>
/// A small team for the follow-up tests: a SOM and a lead (both clean), and four people with one PagerDuty problem
/// each; plus a contractor on a schedule who is not on the team.
/// </summary>
internal static class SmallTeam
{
    public const string Contractor = "casey@contractor.example";

    public const string Yaml = """
        - name: "Mona Som"
          email: msom@example.com
          title: "Support Operations Manager"
          pagerduty: { id: PSOM001 }
          gitlab: { id: 9100, username: msom }
        - name: "Terry Lead"
          email: tlead@example.com
          title: "Support Engineering Manager"
          pagerduty: { id: PLEAD01 }
          gitlab: { id: 9101, username: tlead }
        - name: "Alice Answer"
          email: alice@example.com
          title: "Support Engineer"
          reports_to: "Terry Lead"
          pagerduty: { id: PALICE1 }
          gitlab: { id: 9102, username: alice }
        - name: "Bob Silent"
          email: bob@example.com
          title: "Support Engineer"
          reports_to: "Terry Lead"
          pagerduty: { id: PBOB001 }
          gitlab: { id: 9103, username: bob }
        - name: "Carol Late"
          email: carol@example.com
          title: "Support Engineer"
          reports_to: "Terry Lead"
          pagerduty: { id: PCAROL1 }
          gitlab: { id: 9104, username: carol }
        - name: "Dave Never"
          email: dave@example.com
          title: "Support Engineer"
          reports_to: "Terry Lead"
          pagerduty: { id: PDAVE01 }
          gitlab: { id: 9105, username: dave }
        """;

    /// <summary>A <see cref="FollowUpHost"/> on this team, its simulated PagerDuty seeded as <see cref="SeedPagerDuty"/> says.</summary>
    public static async Task<FollowUpHost> StartAsync(string variant = "quarterly",
        IReadOnlyDictionary<string, string?>? moreSettings = null, Action<IServiceCollection>? testServices = null)
    {
        var host = await FollowUpHost.StartAsync(Yaml, variant, moreSettings: moreSettings, testServices: testServices);
        SeedPagerDuty(host.PagerDuty);
        return host;
    }

    /// <summary>Alice, Carol and Dave have accounts but are on no schedule; Bob has no account; Casey is on call but not on the team.</summary>
    public static void SeedPagerDuty(Sandbox.PagerDuty.FakePagerDuty pagerDuty)
    {
        pagerDuty.AddUser("PSOM001", "Mona Som", "msom@example.com");
        pagerDuty.AddUser("PLEAD01", "Terry Lead", "tlead@example.com", "manager");
        pagerDuty.AddUser("PALICE1", "Alice Answer", "alice@example.com");
        pagerDuty.AddUser("PCAROL1", "Carol Late", "carol@example.com");
        pagerDuty.AddUser("PDAVE01", "Dave Never", "dave@example.com");
        pagerDuty.AddUser("PCASEY1", "Casey Contractor", Contractor);
        pagerDuty.AddSchedule("PSCHED1", "Support on-call", ["PSOM001", "PLEAD01", "PCASEY1"]);
    }
}
