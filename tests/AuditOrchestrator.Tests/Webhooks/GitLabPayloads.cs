using System.Text.Json.Nodes;
using AuditOrchestrator.Audits.GitLab.Webhooks;

namespace AuditOrchestrator.Tests.Webhooks;

/// <summary>
/// The webhook payloads in Fixtures/, written field for field from GitLab's "Webhook events" documentation (with the
/// fields current GitLab versions send that the examples there leave out, such as a note's discussion_id), one file per
/// event the service reads. The file name says the X-Gitlab-Event header.
/// </summary>
public static class GitLabPayloads
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Webhooks", "Fixtures");

    public static IEnumerable<string> Names => Directory.EnumerateFiles(Folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public static JsonObject Load(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, name + ".json")))!.AsObject();

    /// <summary>"confidential-note-hook-on-issue" → "Confidential Note Hook".</summary>
    public static string EventHeader(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = name.Split('-').TakeWhile(w => w != "on" && w != "update" && w != "close" && w != "reopen" && w != "award" && w != "approval");
        return string.Join(' ', words.Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
    }

    public static GitLabHook Parse(string name, JsonObject body) => GitLabHook.Parse(EventHeader(name), body.ToJsonString());
}
