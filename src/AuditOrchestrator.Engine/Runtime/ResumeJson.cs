using System.Text.Json.Nodes;

namespace AuditOrchestrator.Engine.Runtime;

internal static class ResumeJson
{
    public static JsonObject ToJson(ResumeInfo resume) => new()
    {
        ["kind"] = resume.Kind,
        ["bookmarkId"] = resume.BookmarkId.ToString(),
        ["signal"] = resume.SignalName,
        ["payload"] = resume.Payload?.DeepClone(),
        ["actor"] = resume.Actor,
        ["traceParent"] = resume.TraceParent,
    };

    public static ResumeInfo? FromJson(JsonObject? json) => json is null
        ? null
        : new ResumeInfo(
            json["kind"]!.GetValue<string>(),
            Guid.Parse(json["bookmarkId"]!.GetValue<string>()),
            json["signal"]?.GetValue<string>(),
            json["payload"]?.DeepClone(),
            json["actor"]?.GetValue<string>(),
            json["traceParent"]?.GetValue<string>());
}
