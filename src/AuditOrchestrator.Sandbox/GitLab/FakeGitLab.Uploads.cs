using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AuditOrchestrator.Sandbox.GitLab;

/// <summary>A file uploaded to a project, as GitLab keeps it: under a random secret, shown only where a note links it.</summary>
public sealed record FakeGitLabUpload(long Id, long ProjectId, string Secret, string FileName, byte[] Content)
{
    public string Url => $"/uploads/{Secret}/{FileName}";
}

/// <summary><c>POST /projects/:id/uploads</c> (multipart, field <c>file</c>) and the download of what was uploaded.</summary>
public sealed partial class FakeGitLab
{
    private readonly List<FakeGitLabUpload> uploads = [];

    /// <summary>Every upload so far, oldest first.</summary>
    public IReadOnlyList<FakeGitLabUpload> Uploads
    {
        get
        {
            lock (gate)
            {
                return [.. uploads];
            }
        }
    }

    private void MapUploads(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v4/projects/{id}/uploads", (HttpContext c) => Api(c, (_, actor) =>
        {
            var project = ProjectFor(actor, Route(c, "id"));
            var file = c.Request.HasFormContentType ? c.Request.Form.Files.GetFile("file") : null;
            if (file is null || file.Length == 0)
            {
                throw new FakeGitLabException(StatusCodes.Status400BadRequest, "400 Bad request - file is missing");
            }
            using var copy = new MemoryStream();
            using (var stream = file.OpenReadStream())
            {
                stream.CopyTo(copy);
            }
            var upload = new FakeGitLabUpload(uploads.Count + 1, project.Id, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                Path.GetFileName(file.FileName), copy.ToArray());
            uploads.Add(upload);
            return (StatusCodes.Status201Created, new Dictionary<string, object>
            {
                ["id"] = upload.Id,
                ["alt"] = upload.FileName,
                ["url"] = upload.Url,
                ["full_path"] = $"/-/project/{project.Id}{upload.Url}",
                ["markdown"] = $"[{upload.FileName}]({upload.Url})",
            });
        }));
    }
}
