namespace AuditOrchestrator.Audits.GitLab;

/// <summary>
/// A parsed <c>SupportTeam__Source</c> of the form <c>gitlab:&lt;project&gt;:&lt;path&gt;@&lt;ref&gt;</c>, e.g.
/// <c>gitlab:gitlab-com/support/team:data/team@main</c>. The ref is optional (the default branch). A path ending in
/// .yaml or .yml is one file; any other path is a folder of YAML files.
/// </summary>
public sealed record GitLabTeamSource(string Project, string Path, string? Ref)
{
    public const string Prefix = "gitlab:";

    public bool IsSingleFile => IsYaml(Path);

    public static bool IsGitLabSource(string? source) =>
        source is not null && source.TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses the source string; throws <see cref="FormatException"/> that says what is wrong and shows the form.</summary>
    public static GitLabTeamSource Parse(string? source)
    {
        const string form = "expected gitlab:<project>:<path>@<ref>, e.g. gitlab:my-group/team-data:data/team@main";
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new FormatException($"SupportTeam__Source is empty; {form}.");
        }

        var text = source.Trim();
        if (!IsGitLabSource(text))
        {
            throw new FormatException($"SupportTeam__Source '{text}' does not start with 'gitlab:'; {form}.");
        }

        var rest = text[Prefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw new FormatException($"SupportTeam__Source '{text}' has no ':' between the project and the path; {form}.");
        }

        var project = rest[..colon].Trim().Trim('/');
        var pathAndRef = rest[(colon + 1)..];
        var at = pathAndRef.LastIndexOf('@');
        var path = (at < 0 ? pathAndRef : pathAndRef[..at]).Trim().Trim('/');
        var gitRef = at < 0 ? null : pathAndRef[(at + 1)..].Trim();

        if (project.Length == 0)
        {
            throw new FormatException($"SupportTeam__Source '{text}' names no project; {form}.");
        }

        if (project.Contains(' ', StringComparison.Ordinal) || project.Contains("//", StringComparison.Ordinal))
        {
            throw new FormatException($"SupportTeam__Source '{text}': '{project}' is not a project id or path; {form}.");
        }

        if (path.Length == 0)
        {
            throw new FormatException($"SupportTeam__Source '{text}' names no file or folder; {form}.");
        }

        if (path.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            throw new FormatException($"SupportTeam__Source '{text}': the path '{path}' must be a plain repository path (no '.', '..' or '//').");
        }

        if (gitRef is { Length: 0 })
        {
            throw new FormatException($"SupportTeam__Source '{text}' ends with '@' but names no branch, tag or commit; {form}.");
        }

        return new GitLabTeamSource(project, path, gitRef);
    }

    internal static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{Prefix}{Project}:{Path}" + (Ref is null ? "" : $"@{Ref}");
}
