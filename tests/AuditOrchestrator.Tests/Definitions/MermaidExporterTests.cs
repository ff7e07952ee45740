using AuditOrchestrator.Engine.Definitions;
using NUnit.Framework;

namespace AuditOrchestrator.Tests.Definitions;

public class MermaidExporterTests
{
    [Test]
    public void Export_OfFollowUpItem_MatchesTheGoldenGraph()
    {
        var definition = Fixture.ParseValid(Fixture.Read("catalog/follow-up-item.yaml"));

        Assert.That(MermaidExporter.Export(definition), Is.EqualTo("""
            graph TD
                ping("Ping the person on the issue")
                wait_72h("Wait 72 hours")
                addressed{"Has the person addressed the issue?"}
                ping_manager("Ping their manager, wait 72 hours")
                ping -->|done| wait_72h
                wait_72h -->|signalled| addressed
                wait_72h -->|timed-out| addressed
                addressed -->|no| ping_manager

            """));
    }

    [Test]
    public void Export_WhenStepBranchesToTwoSteps_DrawsADiamondAndUsesIdWithoutLabel()
    {
        var definition = Fixture.ParseValid(Fixture.Read("catalog/audit.yaml"));

        Assert.That(MermaidExporter.Export(definition), Is.EqualTo("""
            graph TD
                run_audit("Run ./bin/pagerduty_audit")
                follow_up("Ping each person to address the problems")
                review{"Support Operations Manager reviews"}
                close("Support Operations Manager marks complete and closes issue")
                run_audit -->|done| follow_up
                follow_up -->|all-done| review
                review -->|signalled| close
                review -->|timed-out| review

            """));
        Assert.That(MermaidExporter.Export(Fixture.ParseValid(Fixture.Valid)), Does.Contain("    wait(\"wait\")\n"));
    }

    [Test]
    public void Export_WhenLabelHoldsMermaidSyntax_EscapesIt()
    {
        var definition = Fixture.ParseValid(Fixture.Valid.Replace("  - id: done\n", "  - id: done\n    label: \"Say \\\"done\\\" <b>#1</b> | next\"\n"));

        Assert.That(MermaidExporter.Export(definition),
            Does.Contain("    done(\"Say #quot;done#quot; #lt;b#gt;#35;1#lt;/b#gt; #124; next\")\n"));
    }

    [Test]
    public void ExportCombined_OfAudit_InlinesTheItemFlowAndJoinsItsEndsToTheReview()
    {
        var catalog = DefinitionCatalog.LoadDirectory(Fixture.Directory("catalog"), Fixture.Registry);
        Assert.That(catalog.TryGet("pagerduty-quarterly", out var audit), Is.True);

        var graph = MermaidExporter.ExportCombined(audit!, Fixture.Registry, id => catalog.TryGet(id, out var child) ? child : null);

        Assert.That(graph, Is.EqualTo("""
            graph TD
                run_audit("Run ./bin/pagerduty_audit")
                follow_up("Ping each person to address the problems")
                subgraph follow_up___items["Follow-up of one person's findings"]
                    follow_up__ping("Ping the person on the issue")
                    follow_up__wait_72h("Wait 72 hours")
                    follow_up__addressed{"Has the person addressed the issue?"}
                    follow_up__ping_manager("Ping their manager, wait 72 hours")
                end
                review{"Support Operations Manager reviews"}
                close("Support Operations Manager marks complete and closes issue")
                run_audit -->|done| follow_up
                follow_up -.->|all-done| review
                follow_up -->|each item| follow_up__ping
                follow_up__ping -->|done| follow_up__wait_72h
                follow_up__wait_72h -->|signalled| follow_up__addressed
                follow_up__wait_72h -->|timed-out| follow_up__addressed
                follow_up__addressed -->|no| follow_up__ping_manager
                follow_up__addressed -->|yes| review
                follow_up__ping_manager -->|done| review
                review -->|signalled| close
                review -->|timed-out| review

            """));
    }

    [Test]
    public void ExportCombined_OfBranches_InlinesEachFlowAndJoinsBothToTheNextStep()
    {
        var audit = Fixture.ParseValid("""
            id: audit
            name: Two flows
            start: flows
            steps:
              - id: flows
                activity: Branches
                level: audit
                settings:
                  definitions: [first, second]
                next:
                  all-done: review
              - id: review
                activity: Wait
                level: audit
                settings:
                  duration: "1.00:00:00"
            """);
        WorkflowDefinition Flow(string id) => Fixture.ParseValid($"""
            id: {id}
            name: Flow {id}
            start: wait
            steps:
              - id: wait
                activity: Wait
                level: item
                settings:
                  duration: "1.00:00:00"
            """);

        var graph = MermaidExporter.ExportCombined(audit, Fixture.Registry, id => id is "first" or "second" ? Flow(id) : null);

        Assert.That(graph, Does.Contain("flows -->|branch| flows__first__wait"));
        Assert.That(graph, Does.Contain("flows -->|branch| flows__second__wait"));
        Assert.That(graph, Does.Contain("flows__first__wait -->|elapsed| review"));
        Assert.That(graph, Does.Contain("flows__second__wait -->|elapsed| review"));
        Assert.That(graph, Does.Contain("flows -.->|all-done| review"));
    }

    [Test]
    public void ExportCombined_WhenABranchIsAFanOutThatEndsIt_JoinsItsItemsEndsToTheStepAfterTheBranches()
    {
        var audit = Fixture.ParseValid("""
            id: audit
            name: Flows
            start: flows
            steps:
              - id: flows
                activity: Branches
                level: audit
                settings:
                  definitions: [flow]
                next:
                  all-done: review
              - id: review
                activity: Wait
                level: audit
                settings:
                  duration: "1.00:00:00"
            """);
        var flow = Fixture.ParseValid("""
            id: flow
            name: Flow
            start: fan
            steps:
              - id: fan
                activity: FanOut
                level: audit
                settings:
                  definition: item
                  items: items
            """);
        var item = Fixture.ParseValid("""
            id: item
            name: Item
            start: wait
            steps:
              - id: wait
                activity: Wait
                level: item
                settings:
                  duration: "1.00:00:00"
            """);

        var graph = MermaidExporter.ExportCombined(audit, Fixture.Registry, id => id switch { "flow" => flow, "item" => item, _ => null });

        Assert.That(graph, Does.Contain("flows__fan -->|each item| flows__fan__wait"));
        Assert.That(graph, Does.Contain("flows__fan__wait -->|elapsed| review"));
        Assert.That(graph, Does.Contain("flows__fan -->|all-done| review"));
    }

    [Test]
    public void ExportCombined_WhenChildIsMissing_DrawsThePlainGraph()
    {
        var audit = Fixture.ParseValid(Fixture.Read("catalog/audit.yaml"));

        Assert.That(MermaidExporter.ExportCombined(audit, Fixture.Registry, _ => null), Is.EqualTo(MermaidExporter.Export(audit)));
    }

    [Test]
    public void NodeId_WhenStepIdIsAMermaidKeyword_StaysClearOfIt()
    {
        Assert.That(MermaidExporter.NodeId("end"), Is.EqualTo("end_"));
        Assert.That(MermaidExporter.NodeId("ping-manager"), Is.EqualTo("ping_manager"));
    }
}
