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
    public void NodeId_WhenStepIdIsAMermaidKeyword_StaysClearOfIt()
    {
        Assert.That(MermaidExporter.NodeId("end"), Is.EqualTo("end_"));
        Assert.That(MermaidExporter.NodeId("ping-manager"), Is.EqualTo("ping_manager"));
    }
}
