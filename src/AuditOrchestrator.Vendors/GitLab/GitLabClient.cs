using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using AuditOrchestrator.Vendors.Http;

namespace AuditOrchestrator.Vendors.GitLab;

/// <summary>
/// The GitLab REST API (v4), only the endpoints the orchestrator uses. Issue, note, discussion and emoji calls act on
/// the configured audit project; repository calls name their project. Retries, 429 waits and the retry budget come
/// from the shared vendor resilience handler; note and discussion creation is also paced (see <see cref="GitLabNotePacer"/>).
/// </summary>
public sealed partial class GitLabClient(HttpClient http, IOptions<GitLabOptions> options, GitLabNotePacer notePacer, GitLabSelf self)
{
    public const string Vendor = "GitLab";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private readonly GitLabOptions settings = options.Value;

    /// <summary>The settings in use (internal: they hold the token).</summary>
    internal GitLabOptions Options => settings;

    /// <summary>The audit project as a path segment: an id as is, a full path URL-encoded (group%2Fproject).</summary>
    private string AuditProject => ProjectSegment(settings.AuditProject);

    private string IssuePath(long iid) => $"projects/{AuditProject}/issues/{iid}";

    internal static string ProjectSegment(string project)
    {
        if (string.IsNullOrWhiteSpace(project))
        {
            throw new InvalidOperationException("GitLab__AuditProject is not set: the project id or path of the audit issues is needed.");
        }

        return Uri.EscapeDataString(project.Trim().Trim('/'));
    }

    private async Task<T> GetAsync<T>(string relativeUri, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(relativeUri, cancellationToken);
        return await response.ReadJsonAsync<T>(Vendor, Json, cancellationToken);
    }

    private async Task<T> SendJsonAsync<T>(HttpMethod method, string relativeUri, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, relativeUri);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        return await response.ReadJsonAsync<T>(Vendor, Json, cancellationToken);
    }
}
