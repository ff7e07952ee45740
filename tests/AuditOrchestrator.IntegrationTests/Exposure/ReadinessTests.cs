using System.Net;
using System.Text.Json;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using Npgsql;

namespace AuditOrchestrator.IntegrationTests.Exposure;

/// <summary>/readyz is anonymous: it tells a load balancer a reason code, never the database's error text.</summary>
public sealed class ReadinessTests
{
    [Test]
    public async Task Readyz_WhenTheDatabaseRefusesTheNode_AnswersAReasonCode_AndNoDatabaseDetail()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var service = new ServiceFactory(database);
        using var anonymous = service.CreateClient();
        await ServiceFactory.ReadyAsync(anonymous, TimeSpan.FromSeconds(60), "the node is ready first");
        try
        {
            await RefuseConnectionsAsync(database.Name, refuse: true);
            HttpResponseMessage? answer = null;
            await Eventually.HoldsAsync(async () =>
                (answer = await anonymous.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode == HttpStatusCode.ServiceUnavailable,
                TimeSpan.FromSeconds(30), "the node reports not ready");
            var text = await answer!.Content.ReadAsStringAsync();
            var body = JsonDocument.Parse(text).RootElement;

            var entry = body.GetProperty("entries").GetProperty("database");
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
            Assert.That(entry.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
            Assert.That(entry.GetProperty("description").GetString(), Is.EqualTo("database-unreachable"));
            Assert.That(body.GetProperty("entries").EnumerateObject().Where(e => e.Value.GetProperty("status").GetString() != "Healthy")
                    .Select(e => e.Value.GetProperty("description").GetString()),
                Is.All.Matches<string?>(d => d is not null && System.Text.RegularExpressions.Regex.IsMatch(d, "^[a-z-]+$")), "reason codes only");
            Assert.That(text, Does.Not.Contain(database.Name).And.Not.Contain("Exception").And.Not.Contain("accepting connections").And.Not.Contain("127.0.0.1"));
        }
        finally
        {
            await RefuseConnectionsAsync(database.Name, refuse: false);
        }
    }

    private static async Task RefuseConnectionsAsync(string name, bool refuse)
    {
        await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("AUDITORCHESTRATOR_TEST_POSTGRES"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS {(refuse ? "false" : "true")}; " +
            (refuse ? $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid();" : ""),
            connection);
        await command.ExecuteNonQueryAsync();
    }
}
