using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.Workflows.TokenReview;

namespace AuditOrchestrator.IntegrationTests.Workflows.Zendesk;

/// <summary>The token table as people fill it: read leniently, never thrown on.</summary>
public sealed class TokenTableTests
{
    private static string Described(string rows, bool ticked = false) => $"""
        ## Summary

        Text.

        ## Notes

        ### Zendesk audit

        | Name | Email | Role |
        |---|---|---|
        | Alice | alice@example.com | agent |

        {TokenTable.Section("main").Replace("| | | |\n", rows, StringComparison.Ordinal).Replace("- [ ]", ticked ? "- [x]" : "- [ ]", StringComparison.Ordinal)}

        ## Review
        """;

    [Test]
    public void Parse_OfTheFreshTable_FindsItWithNoRowsAndTheBoxOpen()
    {
        var read = TokenTable.Parse(Described("| | | |\n"));

        Assert.Multiple(() =>
        {
            Assert.That(read.Found, Is.True);
            Assert.That(read.Rows, Is.Empty, "the empty template row is no row");
            Assert.That(read.Problems, Is.Empty);
            Assert.That(read.Complete, Is.False);
        });
    }

    [Test]
    public void Parse_WhenCellsHaveExtraSpacesMissingAtOrLinks_ReadsEachOwner()
    {
        var read = TokenTable.Parse(Described("""
            |   Support   bot   |   @bob   |  the Slack app  |
            |zapier|outsider||
            | `Calendly sync` | [@carol](https://gitlab.example/carol) | - |
            | | | |
            | No owner yet |  | |

            """));

        Assert.Multiple(() =>
        {
            Assert.That(read.Rows.Select(r => (r.Name, r.Owner, r.Justification)), Is.EqualTo(new (string, string?, string?)[]
            {
                ("Support bot", "bob", "the Slack app"),
                ("zapier", "outsider", null),
                ("Calendly sync", "carol", null),
                ("No owner yet", null, null),
            }));
            Assert.That(read.Problems, Is.Empty);
        });
    }

    [Test]
    public void Parse_WhenARowCannotBeRead_ReportsItAndKeepsTheOthers()
    {
        var read = TokenTable.Parse(Described("""
            | | @carol | used by the bot |
            | Broken owner | two words | |
            | Twice | @bob | |
            | twice | @dave | |
            | Good | @bob |

            """));

        Assert.Multiple(() =>
        {
            Assert.That(read.Rows.Select(r => r.Name), Is.EqualTo(new[] { "Broken owner", "Twice", "Good" }));
            Assert.That(read.Rows[0].Owner, Is.Null, "an owner that is not a username is no owner");
            Assert.That(read.Problems, Has.Count.EqualTo(3));
            Assert.That(read.Problems[0].Text, Does.Contain("without a token name"));
            Assert.That(read.Problems[1].Text, Does.Contain("not a GitLab username"));
            Assert.That(read.Problems[2].Text, Does.Contain("listed twice"));
        });
    }

    [Test]
    public void Parse_WhenTheBoxIsTicked_IsComplete() =>
        Assert.That(TokenTable.Parse(Described("| a | @b | c |\n", ticked: true)).Complete, Is.True);

    [Test]
    public void Parse_WhenThereIsNoTable_SaysSo() =>
        Assert.That(TokenTable.Parse("## Notes\n\nnothing here").Found, Is.False);

    [Test]
    public void NewRows_LeavesOutRowsAlreadyItemisedAndRowsWithoutOwner()
    {
        var read = TokenTable.Parse(Described("| Support bot | @bob | |\n| zapier | @zed | |\n| Later | | |\n"));

        var fresh = TokenTable.NewRows(read, [TokenTable.Key("  support   BOT ")]);

        Assert.That(fresh.Select(r => r.Name), Is.EqualTo(new[] { "zapier" }));
    }

    [Test]
    public void AppendTo_WhenTheTableIsAlreadyThere_ChangesNothing()
    {
        var once = TokenTable.AppendTo("### Zendesk audit\n\nreport", "main");

        Assert.Multiple(() =>
        {
            Assert.That(once, Does.StartWith("### Zendesk audit\n\nreport\n\n### API token review"));
            Assert.That(TokenTable.AppendTo(once, "main"), Is.EqualTo(once));
        });
    }

    [Test]
    public void StillFailing_IsEmptyOnceTheRowIsJustifiedOrGone()
    {
        var item = new JsonObject { ["token"] = "zapier", ["findings"] = new JsonArray(new JsonObject { ["instance"] = "main" }) };

        Assert.Multiple(() =>
        {
            Assert.That(TokenItems.StillFailing(TokenTable.Parse(Described("| zapier | @zed | |\n")), item), Has.Count.EqualTo(1));
            Assert.That(TokenItems.StillFailing(TokenTable.Parse(Described("| Zapier | @zed | syncs tickets |\n")), item), Is.Empty);
            Assert.That(TokenItems.StillFailing(TokenTable.Parse(Described("| other | @zed | |\n")), item), Is.Empty, "a removed row is no longer a question");
        });
    }
}
