using System.Text.Json.Nodes;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.IntegrationTests.Workflows;

namespace AuditOrchestrator.IntegrationTests.Evidence;

/// <summary>`runs evidence` and `evidence verify` as an operator runs them, against the service's database.</summary>
public sealed class EvidenceCliTests
{
    private FollowUpHost _host = null!;
    private Dictionary<string, string> _environment = null!;
    private string _folder = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _host = await SmallTeam.StartAsync();
        _environment = new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = _host.Database.ConnectionString };
        _folder = Directory.CreateTempSubdirectory("evidence-cli-").FullName;
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task RunsEvidence_PrintsEachFormat_AndEvidenceVerify_NamesAChangedByte_AndAnEditedDatabaseRow()
    {
        var run = await _host.StartRunAsync();
        // The run now waits 72 hours on the test's clock: its record stays as it is while the CLI reads it.
        await _host.FirstPingsAsync(run, 5);

        var json = await CliAsync(0, "runs", "evidence", run.ToString(), "--format", "json");
        var md = await CliAsync(0, "runs", "evidence", run.ToString(), "--format", "md");
        var csv = await CliAsync(0, "runs", "evidence", run.ToString(), "--format", "csv");
        var badFormat = await ServiceProcess.RunCliAsync(_environment, "runs", "evidence", run.ToString(), "--format", "pdf");
        var pack = JsonNode.Parse(json)!.AsObject();
        var head = pack["record"]!["head"]!["hash"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(pack["run"]!["id"]!.GetValue<string>(), Is.EqualTo(run.ToString()));
            Assert.That(pack["pings"]!.AsArray(), Has.Count.EqualTo(5));
            Assert.That(md, Does.StartWith("# Evidence: pagerduty access audit").And.Contain(head));
            Assert.That(csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(6));
            Assert.That(csv, Does.StartWith("item,person,final_state,"));
            Assert.That(badFormat.ExitCode, Is.Not.Zero);
            Assert.That(badFormat.StdErr + badFormat.StdOut, Does.Contain("--format must be json, md or csv"));
        });

        var file = Path.Combine(_folder, "pack.json");
        await File.WriteAllTextAsync(file, json);
        var intact = await CliAsync(0, "evidence", "verify", file);
        var asStored = await CliAsync(0, "evidence", "verify", file, "--against-database");
        Assert.That(intact, Does.StartWith("intact:").And.Contain(head));
        Assert.That(asStored, Does.StartWith("intact:").And.Contain("as stored"));

        // One byte of the file changed, inside the record's fourth entry.
        var fourth = pack["record"]!["entries"]![3]!;
        var kind = fourth["kind"]!.GetValue<string>();
        var at = json.IndexOf("\"seq\": 4,", json.IndexOf("\"record\": {", StringComparison.Ordinal), StringComparison.Ordinal);
        var kindAt = json.IndexOf($"\"kind\": \"{kind}\"", at, StringComparison.Ordinal) + "\"kind\": \"".Length;
        var changed = Path.Combine(_folder, "changed.json");
        await File.WriteAllTextAsync(changed, json[..kindAt] + (json[kindAt] == 'x' ? 'y' : 'x') + json[(kindAt + 1)..]);
        var byteChanged = await CliAsync(1, "evidence", "verify", changed);
        Assert.That(byteChanged, Does.StartWith($"NOT intact: the record's chain is broken: entry 4 (journal id {fourth["id"]}"));

        // The header edited to say the run completed, with a digest made again to match: the record says otherwise.
        var claim = JsonNode.Parse(json)!.AsObject();
        claim["run"]!["status"] = "completed";
        claim["digest"] = Api.Evidence.EvidencePack.Digest(claim);
        var claimed = Path.Combine(_folder, "claimed.json");
        await File.WriteAllTextAsync(claimed, Api.Evidence.EvidencePack.ToText(claim));
        var headerEdited = await CliAsync(1, "evidence", "verify", claimed);
        Assert.That(headerEdited, Does.StartWith("NOT intact: the header says the run is completed, the record that it has not ended"));

        // One row of the stored record edited in the database: the unchanged file no longer matches what is stored.
        await using (var connection = new Npgsql.NpgsqlConnection(_host.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var edit = new Npgsql.NpgsqlCommand($"UPDATE workflow_journal SET actor = 'mallory' WHERE id = {fourth["id"]}", connection);
            Assert.That(await edit.ExecuteNonQueryAsync(), Is.EqualTo(1));
        }
        var fileAlone = await CliAsync(0, "evidence", "verify", file);
        var rowEdited = await CliAsync(1, "evidence", "verify", file, "--against-database");
        Assert.That(fileAlone, Does.StartWith("intact:"), "the file alone is still what was exported");
        Assert.That(rowEdited, Does.StartWith($"NOT intact: the stored record is broken: entry 4 (journal id {fourth["id"]}, {kind}) differs"));
    }

    private async Task<string> CliAsync(int expectedExit, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await ServiceProcess.RunCliAsync(_environment, arguments);
        Assert.That(exitCode, Is.EqualTo(expectedExit), $"{string.Join(' ', arguments)}\n{stdout}\n{stderr}");
        return stdout;
    }
}
