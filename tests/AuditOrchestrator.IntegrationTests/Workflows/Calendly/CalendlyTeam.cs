using AuditOrchestrator.Sandbox.Calendly;

namespace AuditOrchestrator.IntegrationTests.Workflows.Calendly;

/// <summary>
/// A small team for the Calendly workflow tests: the SOM (the organisation's owner, with a Slack id) and a lead, both
/// clean; Alice, whose link is not her scheduling URL; Bob, who has no Calendly account; and two accounts in the
/// organisation that are not on the team: Justy (someone justifies her) and Sid (nobody does).
/// </summary>
internal static class CalendlyTeam
{
    public const string SomSlackId = "USOM0001";
    public const string Justy = "justy@partner.example";
    public const string Sid = "sid@former.example";

    public const string Yaml = """
        - name: "Mona Som"
          email: msom@example.com
          title: "Support Operations Manager"
          calendly: "https://calendly.com/msom"
          gitlab: { id: 9100, username: msom }
          slack: { id: USOM0001, username: msom }
        - name: "Terry Lead"
          email: tlead@example.com
          title: "Support Engineering Manager"
          calendly: "https://calendly.com/tlead"
          gitlab: { id: 9101, username: tlead }
        - name: "Alice Answer"
          email: alice@example.com
          title: "Support Engineer"
          reports_to: "Terry Lead"
          calendly: "https://calendly.com/alice"
          gitlab: { id: 9102, username: alice }
        - name: "Bob Silent"
          email: bob@example.com
          title: "Support Engineer"
          reports_to: "Terry Lead"
          calendly: "https://calendly.com/bob"
          gitlab: { id: 9103, username: bob }
        """;

    /// <summary>Seeds the organisation; gives the uuids of Justy's and Sid's memberships.</summary>
    public static (string Justy, string Sid) Seed(FakeCalendly calendly)
    {
        calendly.AddMember("Mona Som", "msom@example.com", "https://calendly.com/msom", "owner");
        calendly.AddMember("Terry Lead", "tlead@example.com", "https://calendly.com/tlead");
        calendly.AddMember("Alice Answer", "alice@example.com", "https://calendly.com/alice-2");
        var justy = calendly.AddMember("Justy Partner", Justy, "https://calendly.com/justy");
        var sid = calendly.AddMember("Sid Former", Sid, "https://calendly.com/sid");
        return (justy, sid);
    }
}
