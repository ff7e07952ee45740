namespace AuditOrchestrator.Vendors.Zendesk;

/// <summary>One instance's agents and admins, its custom roles, groups and group memberships.</summary>
public sealed record ZendeskSnapshot(
    IReadOnlyList<ZendeskUser> Users,
    IReadOnlyList<ZendeskCustomRole> CustomRoles,
    IReadOnlyList<ZendeskGroup> Groups,
    IReadOnlyList<ZendeskGroupMembership> GroupMemberships)
{
    /// <summary>The user the token belongs to (GET /api/v2/users/me.json).</summary>
    public ZendeskUser? TokenOwner { get; init; }

    /// <summary>The role's display name: the custom role's name where the user has one, else agent/admin.</summary>
    public string RoleNameOf(ZendeskUser user) =>
        user.CustomRoleId is { } id && CustomRoles.FirstOrDefault(r => r.Id == id) is { } custom ? custom.Name : user.Role;

    public IReadOnlyList<string> GroupNamesOf(ZendeskUser user)
    {
        var names = Groups.ToDictionary(g => g.Id, g => g.Name);
        return [.. GroupMemberships.Where(m => m.UserId == user.Id)
            .Select(m => names.GetValueOrDefault(m.GroupId, $"group {m.GroupId}"))
            .Order(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Light agents: users whose custom role has role_type 1.</summary>
    public IEnumerable<ZendeskUser> LightAgents() =>
        Users.Where(u => u.CustomRoleId is { } id && CustomRoles.Any(r => r.Id == id && r.RoleType == 1));

    public IEnumerable<ZendeskUser> Admins() => Users.Where(u => u.Role == "admin");
}

public sealed record ZendeskUser(long Id, string Name, string? Email, string Role, long? CustomRoleId, bool Suspended);

public sealed record ZendeskCustomRole(long Id, string Name, int RoleType);

public sealed record ZendeskGroup(long Id, string Name);

public sealed record ZendeskGroupMembership(long UserId, long GroupId);
