using System.Net.Http.Json;
using AuditOrchestrator.Api.Runs;

namespace AuditOrchestrator.IntegrationTests.Infrastructure;

/// <summary>The runs API as its clients call it, answers read into the API's own records.</summary>
public static class RunApiExtensions
{
    /// <summary>Starts a run of <paramref name="audit"/> (POST /api/runs, 202) and gives its id.</summary>
    public static async Task<Guid> StartRunAsync(this HttpClient client, string audit)
    {
        var response = await client.PostAsJsonAsync(new Uri("/api/runs", UriKind.Relative), new RunsApi.StartRun(audit), ApiJson.Options);
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadAsync<RunsApi.Started>()).Id;
    }

    /// <summary>The run as GET /api/runs/{id} shows it.</summary>
    public static Task<RunView> RunAsync(this HttpClient client, Guid run) => client.GetAsync<RunView>($"/api/runs/{run}");

    /// <summary>Each item's state by item id.</summary>
    public static Dictionary<string, string> States(this RunView run) => run.Items!.ToDictionary(i => i.Id, i => i.State);

    /// <summary>The run's item <paramref name="id"/>.</summary>
    public static ItemView Item(this RunView run, string id) => run.Items!.Single(i => i.Id == id);

    /// <summary>Who answered on the item's thread, in order.</summary>
    public static string[] Authors(this ItemView item) => [.. item.Answers.Select(a => a!["author"]!.GetValue<string>())];
}
