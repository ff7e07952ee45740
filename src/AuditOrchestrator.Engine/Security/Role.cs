namespace AuditOrchestrator.Engine.Security;

/// <summary>What a caller may do; each role includes the ones below it.</summary>
public enum Role
{
    Viewer = 1,
    Operator = 2,
    Admin = 3,
}

public static class RoleNames
{
    public static string ToName(Role role) => role switch
    {
        Role.Viewer => "viewer",
        Role.Operator => "operator",
        Role.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static Role Parse(string name) => TryParse(name, out var role)
        ? role
        : throw new ArgumentException($"Unknown role '{name}': expected viewer, operator or admin.", nameof(name));

    public static bool TryParse(string? name, out Role role)
    {
        role = name?.Trim().ToLowerInvariant() switch
        {
            "viewer" => Role.Viewer,
            "operator" => Role.Operator,
            "admin" => Role.Admin,
            _ => 0,
        };
        return role != 0;
    }
}
