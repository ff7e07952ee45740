namespace AuditOrchestrator.Engine.Versions;

public enum VersionStatus
{
    Published,
    Draft,
}

public enum VersionOrigin
{
    File,
    Designer,
}

/// <summary>One immutable version of a workflow definition, as stored.</summary>
public sealed class DefinitionVersion
{
    public required string DefinitionId { get; init; }
    public required int Version { get; init; }
    public required VersionStatus Status { get; set; }
    public required VersionOrigin Origin { get; init; }
    public string? FilePath { get; init; }
    public string? FileHash { get; init; }
    public string? Author { get; init; }
    /// <summary>Why this version needs an admin's attention, e.g. a shipped file changed while a designer version was active.</summary>
    public string? Flagged { get; set; }
    public required string Yaml { get; init; }
    public required string DefinitionJson { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

public static class VersionStatusNames
{
    public static string ToName(VersionStatus status) => status == VersionStatus.Published ? "published" : "draft";
    public static VersionStatus Parse(string name) => name == "published" ? VersionStatus.Published : VersionStatus.Draft;
}

public static class VersionOriginNames
{
    public static string ToName(VersionOrigin origin) => origin == VersionOrigin.File ? "file" : "designer";
    public static VersionOrigin Parse(string name) => name == "file" ? VersionOrigin.File : VersionOrigin.Designer;
}
