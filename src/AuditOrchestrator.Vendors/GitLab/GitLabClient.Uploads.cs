using System.Net.Http.Headers;
using AuditOrchestrator.Vendors.Http;

namespace AuditOrchestrator.Vendors.GitLab;

/// <summary>A file uploaded to a project (<c>POST /projects/:id/uploads</c>); <c>Markdown</c> links it from a note.</summary>
public sealed record GitLabUpload(string Alt, string Url, string? FullPath, string Markdown);

public sealed partial class GitLabClient
{
    /// <summary>Uploads a file to the audit project. Not idempotent, but harmless twice: an upload nobody links is never shown.</summary>
    public async Task<GitLabUpload> UploadAsync(string fileName, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(file, "file", fileName);
        using var response = await http.PostAsync(new Uri($"projects/{AuditProject}/uploads", UriKind.Relative), form, cancellationToken);
        return await response.ReadJsonAsync<GitLabUpload>(Vendor, Json, cancellationToken);
    }
}
