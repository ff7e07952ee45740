using System.Net;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Foundation;

public sealed class TokenCliTests
{
    [Test]
    public async Task TokensCreate_PrintsTokenOnce_StoresOnlyItsHash_AndTheTokenCarriesItsRole()
    {
        await using var database = await TestDatabase.CreateAsync();
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = database.ConnectionString };

        var (exitCode, stdout, stderr) = await ServiceProcess.RunCliAsync(environment, "tokens", "create", "--role", "operator", "--name", "automation");

        Assert.That(exitCode, Is.Zero, stderr);
        var secret = stdout.Trim();
        Assert.That(secret, Does.StartWith("ao_"));
        Assert.That(await database.ScalarAsync<string>("SELECT string_agg(name || ':' || role, ',') FROM api_tokens"), Is.EqualTo("automation:operator"));
        Assert.That(await database.ScalarAsync<long>($"SELECT count(*) FROM api_tokens WHERE encode(token_hash, 'escape') LIKE '%{secret}%'"), Is.Zero);

        await using var service = new ServiceFactory(database);
        var client = service.CreateClient(secret);
        Assert.That((await client.GetAsync(new Uri("/api/activities", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await client.GetAsync(new Uri("/api/tokens", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task TokensCreate_WithUnknownRole_FailsWithUsage()
    {
        await using var database = await TestDatabase.CreateAsync();
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = database.ConnectionString };

        var (exitCode, _, stderr) = await ServiceProcess.RunCliAsync(environment, "tokens", "create", "--role", "root", "--name", "x");

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("--role must be viewer, operator or admin"));
    }
}
