using AuditOrchestrator.Engine.Security;

namespace AuditOrchestrator.Api.Ui;

/// <summary>
/// Who gets which role at GitLab sign-in, from <c>Auth__Roles__Admins</c>, <c>__Operators</c> and <c>__Viewers</c>:
/// GitLab usernames or <c>group:&lt;full path&gt;</c>, as indexed keys or one comma-separated value.
/// </summary>
public sealed record RoleMapping(IReadOnlyList<string> Admins, IReadOnlyList<string> Operators, IReadOnlyList<string> Viewers)
{
    public static RoleMapping FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new RoleMapping(Entries(configuration, "Admins"), Entries(configuration, "Operators"), Entries(configuration, "Viewers"));
    }

    /// <summary>The highest role any entry gives the user, or null: a user in none has no access.</summary>
    public Role? Resolve(string username, IReadOnlyCollection<string> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (Matches(Admins, username, groups))
        {
            return Role.Admin;
        }
        if (Matches(Operators, username, groups))
        {
            return Role.Operator;
        }
        return Matches(Viewers, username, groups) ? Role.Viewer : null;
    }

    private static bool Matches(IReadOnlyList<string> entries, string username, IReadOnlyCollection<string> groups) =>
        entries.Any(entry => entry.StartsWith("group:", StringComparison.OrdinalIgnoreCase)
            ? groups.Contains(entry["group:".Length..].Trim().Trim('/'), StringComparer.OrdinalIgnoreCase)
            : string.Equals(entry.TrimStart('@'), username, StringComparison.OrdinalIgnoreCase));

    private static List<string> Entries(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection("Auth:Roles:" + key);
        var values = section.GetChildren().Select(c => c.Value).Append(section.Value);
        return [.. values
            .SelectMany(v => (v ?? "").Split([',', ';', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(v => v.Length > 0)];
    }
}
