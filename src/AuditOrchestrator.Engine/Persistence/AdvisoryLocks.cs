namespace AuditOrchestrator.Engine.Persistence;

/// <summary>
/// Every PostgreSQL advisory lock the service takes, in one place, so that no two purposes share a key by accident
/// and no key changes between releases (a node of the previous release must still exclude a node of this one).
/// Fixed keys are "AUDITO" (0x4155_4449_544f) followed by a number; keyed families are hashed by PostgreSQL.
/// Take them through <see cref="AdvisoryLock"/>.
/// </summary>
public static class AdvisoryLocks
{
    /// <summary>Schema changes: our migrations and Hangfire's schema script; several nodes starting together migrate once.</summary>
    public static readonly AdvisoryLockKey Migrations = AdvisoryLockKey.Fixed(0x4155_4449_544f_0001);

    /// <summary>New definition versions: the import of the shipped files and the designer's saves, one at a time.</summary>
    public static readonly AdvisoryLockKey DefinitionVersions = AdvisoryLockKey.Fixed(0x4155_4449_544f_0002);

    /// <summary>A pass of the PagerDuty admin-activity collector (<c>pagerduty-audit-records</c>).</summary>
    public static readonly AdvisoryLockKey AdminActivityCollector = AdvisoryLockKey.Fixed(0x4155_4449_544f_0003);

    /// <summary>A pass of the run alerts (<c>run-alerts</c>).</summary>
    public static readonly AdvisoryLockKey RunAlerts = AdvisoryLockKey.Fixed(0x4155_4449_544f_0008);

    /// <summary>A pass of the retention purge (<c>retention-purge</c>).</summary>
    public static readonly AdvisoryLockKey RetentionPurge = AdvisoryLockKey.Fixed(0x4155_4449_544f_0009);

    /// <summary>A pass of the evidence publisher.</summary>
    public static readonly AdvisoryLockKey EvidencePublisher = AdvisoryLockKey.Fixed(0x4155_4449_544f_0016);

    /// <summary>A pass of the GitLab reconciliation (<c>gitlab-reconciliation</c>).</summary>
    public static readonly AdvisoryLockKey GitLabReconciliation = AdvisoryLockKey.Hashed("gitlab-reconciliation", 0);

    /// <summary>
    /// Signals of one name and correlation key: the side that delivers a signal and the side that creates its bookmark
    /// take it before looking at the other's table, so neither misses the other.
    /// </summary>
    public static AdvisoryLockKey Signal(string name, string correlationKey) => AdvisoryLockKey.Hashed(name + "\u001f" + correlationKey, 7);

    /// <summary>The re-check passes of one run: their claim, never held across the vendor calls.</summary>
    public static AdvisoryLockKey RecheckPasses(Guid runId) => AdvisoryLockKey.Hashed("audit_recheck_passes:" + runId.ToString("D"), 0);
}
