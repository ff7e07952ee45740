using System.Reflection;
using AuditOrchestrator.Engine.Persistence;
using AuditOrchestrator.IntegrationTests.Infrastructure;
using Npgsql;

namespace AuditOrchestrator.IntegrationTests.Foundation;

/// <summary>
/// The registry of advisory locks: no two purposes share a key, and every key is the one the previous release took
/// (written here as it wrote it), so a node of either release excludes a node of the other during a rolling upgrade.
/// </summary>
public sealed class AdvisoryLockTests : DatabasePerFixture
{
    private static readonly Guid Run = Guid.Parse("0193a0a4-7f00-7000-8000-000000000001");

    private static readonly (AdvisoryLockKey Key, string EarlierSql)[] Earlier =
    [
        (AdvisoryLocks.Migrations, "4707744067223486465"),
        (AdvisoryLocks.DefinitionVersions, "4707744067223486466"),
        (AdvisoryLocks.AdminActivityCollector, "4707744067223486467"),
        (AdvisoryLocks.RunAlerts, "4707744067223486472"),
        (AdvisoryLocks.RetentionPurge, "4707744067223486473"),
        (AdvisoryLocks.EvidencePublisher, "4707744067223486486"),
        (AdvisoryLocks.GitLabReconciliation, "hashtextextended('gitlab-reconciliation', 0)"),
        (AdvisoryLocks.Signal("gitlab.answer", "gitlab-thread:1:2:abc"), "hashtextextended('gitlab.answer' || chr(31) || 'gitlab-thread:1:2:abc', 7)"),
        (AdvisoryLocks.RecheckPasses(Run), $"hashtextextended('audit_recheck_passes:' || '{Run}'::uuid::text, 0)"),
    ];

    [Test]
    public void EveryFixedKeyOfTheRegistry_IsCheckedHere()
    {
        var registered = typeof(AdvisoryLocks).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.GetValue(null)).ToList();
        Assert.That(Earlier.Select(e => (object)e.Key).Intersect(registered).Count(), Is.EqualTo(registered.Count));
    }

    [Test]
    public async Task EveryKey_IsDistinct_AndHeldByTheHelperItExcludesTheEarlierReleasesLock()
    {
        await using var holder = await OpenAsync();
        await using var other = await OpenAsync();
        foreach (var (key, _) in Earlier)
        {
            Assert.That(await AdvisoryLock.TryTakeAsync(holder, key, CancellationToken.None), Is.True, $"{key} is free");
        }

        // Every lock is held once by the holder: as many session locks as keys, so no two keys coincide.
        Assert.That(await ScalarAsync<long>(other, $"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = {holder.ProcessID}"),
            Is.EqualTo(Earlier.Length));
        foreach (var (key, earlierSql) in Earlier)
        {
            Assert.That(await ScalarAsync<bool>(other, $"SELECT pg_try_advisory_lock({earlierSql})"), Is.False, $"{key} is the earlier release's lock");
        }

        foreach (var (key, _) in Earlier)
        {
            await AdvisoryLock.ReleaseAsync(holder, key);
        }
        foreach (var (key, earlierSql) in Earlier)
        {
            Assert.That(await ScalarAsync<bool>(other, $"SELECT pg_try_advisory_lock({earlierSql})"), Is.True, $"{key} was released");
        }
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
