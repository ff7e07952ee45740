namespace AuditOrchestrator.Vendors.PagerDuty;

/// <summary>What the PagerDuty audit looks at: every user, and the audited schedules with the users on their layers.</summary>
public sealed record PagerDutySnapshot(IReadOnlyList<PagerDutyUser> Users, IReadOnlyList<PagerDutySchedule> Schedules)
{
    /// <summary>The user the token belongs to (GET /users/me), or null for an account-level token, which has none.</summary>
    public PagerDutyUser? TokenOwner { get; init; }
}

public sealed record PagerDutyUser(string Id, string Name, string? Email, string? Role);

public sealed record PagerDutySchedule(string Id, string Name, IReadOnlyList<string> UserIds);
