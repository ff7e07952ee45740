using System.Text.Json;
using AuditOrchestrator.Audits.AdminActivity;

namespace AuditOrchestrator.IntegrationTests.Collector;

public sealed class AuditRecordParseTests
{
    private const string HandbookExample = """
        {"id":"PDRECORDID1_TEAM_CREATED","execution_time":"2020-06-04T15:30:16.272Z",
         "execution_context":{"request_id":"111lDEOIH-534-4ljhLHJjh111","remote_address":"201.19.20.19"},
         "actors":[{"id":"PDUSER","summary":"John Snow","type":"user_reference"}],
         "method":{"type":"api_token","truncated_token":"3usr"},
         "root_resource":{"id":"PXASDFE","type":"team_reference","summary":"my DevOps team"},
         "action":"create",
         "details":{"resource":{"id":"PXASDFE","type":"team_reference","summary":"my DevOps team"},"fields":[{"name":"name","value":"my DevOps team"}]}}
        """;

    [Test]
    public void Parse_TheSeedsExample_FillsEveryColumn()
    {
        using var json = JsonDocument.Parse(HandbookExample);

        var record = AuditRecord.Parse(json.RootElement);

        Assert.Multiple(() =>
        {
            Assert.That(record.Malformed, Is.False);
            Assert.That(record.Id, Is.EqualTo("PDRECORDID1_TEAM_CREATED"));
            Assert.That(record.ExecutionTime, Is.EqualTo(new DateTimeOffset(2020, 6, 4, 15, 30, 16, 272, TimeSpan.Zero)));
            Assert.That(record.Action, Is.EqualTo("create"));
            Assert.That(record.MethodType, Is.EqualTo("api_token"));
            Assert.That(record.MethodTruncatedToken, Is.EqualTo("3usr"));
            Assert.That((record.RootResourceId, record.RootResourceType, record.RootResourceSummary), Is.EqualTo(("PXASDFE", "team_reference", "my DevOps team")));
            Assert.That((record.RequestId, record.RemoteAddress), Is.EqualTo(("111lDEOIH-534-4ljhLHJjh111", "201.19.20.19")));
            Assert.That(record.ActorsJson, Does.Contain("PDUSER"));
            Assert.That(record.DetailsJson, Does.Contain("fields"));
        });
    }

    [TestCase("""{"execution_time":"2020-06-04T15:30:16Z"}""", TestName = "Parse_WhenIdIsMissing_IsMalformedWithAStableId")]
    [TestCase("""{"id":"PD1","execution_time":"soon"}""", TestName = "Parse_WhenTimeIsNoDate_IsMalformed")]
    [TestCase("""{"id":"PD1","execution_time":"2020-06-04T15:30:16Z","method":"api_token"}""", TestName = "Parse_WhenMethodIsNoObject_IsMalformed")]
    [TestCase("""["not","a","record"]""", TestName = "Parse_WhenNotAnObject_IsMalformed")]
    public void Parse_Malformed_KeepsTheRawJsonUnderAStableId(string raw)
    {
        using var first = JsonDocument.Parse(raw);
        using var again = JsonDocument.Parse(raw);

        var record = AuditRecord.Parse(first.RootElement);

        Assert.That(record.Malformed, Is.True);
        Assert.That(record.RawJson, Is.EqualTo(first.RootElement.GetRawText()));
        Assert.That(AuditRecord.Parse(again.RootElement).Id, Is.EqualTo(record.Id), "a re-read drops as a duplicate");
    }
}
