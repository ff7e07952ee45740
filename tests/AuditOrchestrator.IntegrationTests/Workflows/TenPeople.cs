namespace AuditOrchestrator.IntegrationTests.Workflows;

/// <summary>
/// Ten items for the full follow-up tests: nine people with one PagerDuty problem each (all reporting to the lead),
/// and a contractor on call who is not on the team. The SOM and the lead are clean; the SOM has a Slack id.
/// </summary>
internal static class TenPeople
{
    public const string Contractor = "casey@contractor.example";
    public const string SomSlackId = "USOM0001";

    /// <summary>The people with findings, by GitLab username; Erin has no PagerDuty account, the others are on no schedule.</summary>
    public static readonly string[] People = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan"];

    public static string Yaml =>
        $$"""
        - name: "Mona Som"
          email: msom@example.com
          title: "Support Operations Manager"
          pagerduty: { id: PSOM001 }
          gitlab: { id: 9100, username: msom }
          slack: { id: {{SomSlackId}} }
        - name: "Terry Lead"
          email: tlead@example.com
          title: "Support Engineering Manager"
          pagerduty: { id: PLEAD01 }
          gitlab: { id: 9101, username: tlead }
        """ + "\n" + string.Join("\n", People.Select((p, i) => $$"""
        - name: "{{char.ToUpperInvariant(p[0])}}{{p[1..]}} Person"
          email: {{p}}@example.com
          title: "Support Engineer"
          reports_to: "Terry Lead"
          pagerduty: { id: {{PagerDutyId(p)}} }
          gitlab: { id: {{9102 + i}}, username: {{p}} }
        """));

    public static string PagerDutyId(string person) => "P" + person.ToUpperInvariant().PadRight(6, '0');

    public static void SeedPagerDuty(Sandbox.PagerDuty.FakePagerDuty pagerDuty)
    {
        pagerDuty.AddUser("PSOM001", "Mona Som", "msom@example.com");
        pagerDuty.AddUser("PLEAD01", "Terry Lead", "tlead@example.com", "manager");
        foreach (var person in People.Where(p => p != "erin"))
        {
            pagerDuty.AddUser(PagerDutyId(person), $"{char.ToUpperInvariant(person[0])}{person[1..]} Person", $"{person}@example.com");
        }
        pagerDuty.AddUser("PCASEY1", "Casey Contractor", Contractor);
        pagerDuty.AddSchedule("PSCHED1", "Support on-call", ["PSOM001", "PLEAD01", "PCASEY1"]);
    }

    /// <summary>The person's problem goes away: Erin gets her account, everybody gets onto the schedule.</summary>
    public static void Fix(Sandbox.PagerDuty.FakePagerDuty pagerDuty, string person)
    {
        if (person == "erin")
        {
            pagerDuty.AddUser(PagerDutyId(person), "Erin Person", "erin@example.com");
        }
        pagerDuty.AddToSchedule("PSCHED1", PagerDutyId(person));
    }
}
