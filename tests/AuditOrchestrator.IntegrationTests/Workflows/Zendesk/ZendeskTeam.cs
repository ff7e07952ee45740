using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Sandbox.Zendesk;

namespace AuditOrchestrator.IntegrationTests.Workflows.Zendesk;

/// <summary>
/// A small team for the Zendesk runs: the SOM and a lead; Alice, audited on both Zendesk instances, whose role does not
/// match; Bob and Carol, who own API tokens. Zendesk also has an integration bot nobody on the team owns.
/// </summary>
internal static class ZendeskTeam
{
    public const string Bot = "bot@integrations.example";
    public const long AliceMain = 361_000_000_001;
    public const long AliceFederal = 371_000_000_001;

    public const string Yaml = """
        - name: "Mona Som"
          email: msom@example.com
          title: "Support Operations Manager"
          gitlab: { id: 9100, username: msom }
        - name: "Terry Lead"
          email: tlead@example.com
          title: "Support Engineering Manager"
          gitlab: { id: 9101, username: tlead }
        - name: "Alice Answer"
          email: alice@example.com
          title: "Support Engineer"
          reports_to: "Terry Lead"
          zendesk:
            main: { id: 361000000001, groups: ["Support"], role: "Staff" }
            us-federal: { id: 371000000001, groups: ["Federal Support"], role: "agent" }
          gitlab: { id: 9102, username: alice }
        - name: "Bob Owner"
          email: bob@example.com
          title: "Support Engineer"
          reports_to: "Terry Lead"
          gitlab: { id: 9103, username: bob }
        - name: "Carol Owner"
          email: carol@example.com
          title: "Support Engineer"
          reports_to: "Terry Lead"
          gitlab: { id: 9104, username: carol }
        """;

    /// <summary>The follow-up host (service, simulated GitLab and PagerDuty, clock the test moves) with both Zendesk instances seeded.</summary>
    public static Task<FollowUpHost> StartAsync() =>
        FollowUpHost.StartAsync(new WorldOptions(Yaml)
        {
            PagerDuty = true,
            CollectPagerDutyAuditRecords = true,
            SeedZendesk = Seed,
            Settings = new Dictionary<string, string?> { ["Audits:PagerDuty:Variant"] = "quarterly" },
        });

    /// <summary>Main: Alice is an agent but the YAML says Staff; an integration bot is an admin. Federal: Alice is clean.</summary>
    public static void Seed(FakeZendesk main, FakeZendesk federal)
    {
        main.AddCustomRole("Staff", 0);
        main.AddUser(AliceMain, "Alice Answer", "alice@example.com", "agent", groupNames: "Support");
        main.AddUser(361_000_000_900, "Integration Bot", Bot, "admin");
        federal.AddUser(AliceFederal, "Alice Answer", "alice@example.com", "agent", groupNames: "Federal Support");
    }
}
