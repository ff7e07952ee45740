using System.Text.Json;
using System.Text.Json.Nodes;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>
/// The admin UI's API types are generated from src/admin-ui/openapi.json at every UI build. These tests hold that file
/// to the document the service serves, and the document to describing every answer's body, so an API change the UI
/// has not followed fails here, and a UI that reads a field the API lacks fails the UI's type check.
/// </summary>
public sealed class OpenApiContractTests
{
    private const string WriteVariable = "AUDITORCHESTRATOR_WRITE_OPENAPI";
    private static readonly string Committed = Path.Combine(RepositoryPaths.Root, "src", "admin-ui", "openapi.json");
    private TestDatabase _database = null!;
    private ServiceFactory _service = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _service = new ServiceFactory(_database);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _service.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task UisCopyOfTheOpenApiDocument_IsTheOneTheServiceServes()
    {
        var served = await ServedDocumentAsync();
        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
        {
            await File.WriteAllTextAsync(Committed, served);
        }
        var committed = File.Exists(Committed) ? await File.ReadAllTextAsync(Committed) : "";
        Assert.That(committed, Is.EqualTo(served),
            $"src/admin-ui/openapi.json differs from the service's /openapi/v1.json: the UI's API types would be stale. Update it with " +
            $"{WriteVariable}=1 scripts/test.sh --filter FullyQualifiedName~OpenApiContract, then build: the UI's type check shows what must follow.");
    }

    [Test]
    public async Task EveryApiAnswerWithABody_HasItsShapeInTheDocument()
    {
        var document = JsonNode.Parse(await ServedDocumentAsync())!;
        var undescribed = new List<string>();
        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            if (!path.StartsWith("/api/", StringComparison.Ordinal) && !path.StartsWith("/auth/", StringComparison.Ordinal)) continue;
            foreach (var (method, operation) in operations!.AsObject())
            {
                var responses = operation!["responses"]!.AsObject();
                if (responses["default"]?["content"]?["application/problem+json"]?["schema"] is null)
                {
                    undescribed.Add($"{method.ToUpperInvariant()} {path}: its errors (problem details)");
                }
                foreach (var (status, response) in responses)
                {
                    // The actions answer 202 Accepted with no body, and 204 has none by definition; errors are above.
                    if (!status.StartsWith('2') || status is "202" or "204" && response!["content"] is null) continue;
                    var content = response!["content"]?.AsObject();
                    var described = content is not null && content.Count > 0 && content.All(c => c.Value?["schema"] is not null);
                    if (!described) undescribed.Add($"{method.ToUpperInvariant()} {path} {status}");
                }
            }
        }
        Assert.That(undescribed, Is.Empty, "answers whose body the OpenAPI document does not describe (add .Produces<T>() or a typed result)");
    }

    private async Task<string> ServedDocumentAsync()
    {
        var text = await _service.CreateClient().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        // One stable form, so the committed copy diffs cleanly.
        var node = JsonNode.Parse(text)!;
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
