using AuditOrchestrator.Engine.Persistence.Migrations;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuditOrchestrator.Tests.Operations;

/// <summary>The projects' migrations compose into one sequence 1..N, or start-up stops and says what is wrong.</summary>
public sealed class MigrationSequenceTests
{
    [Test]
    public void Compose_OfProjectsTogetherNumbered1ToN_AppliesInNumberOrder()
    {
        var sequence = MigrationSequence.Compose([typeof(Third), typeof(First), typeof(Second)]);

        Assert.That(sequence.Steps.Select(s => s.Id), Is.EqualTo(new[] { "0001_first", "0002_second", "0003_third" }));
    }

    [Test]
    public void Compose_WithAGap_IsRefusedNamingTheMissingNumber()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => MigrationSequence.Compose([typeof(First), typeof(Third)]));

        Assert.That(refused!.Message, Does.Contain("no migration has number 0002").And.Contain("without gaps"));
    }

    [Test]
    public void Compose_WithANumberTakenTwice_IsRefusedNamingBothMigrations()
    {
        var refused = Assert.Throws<InvalidOperationException>(() =>
            MigrationSequence.Compose([typeof(First), typeof(Second), typeof(AnotherSecond)]));

        Assert.That(refused!.Message, Does.Contain("0002 is taken twice").And.Contain(nameof(Second)).And.Contain(nameof(AnotherSecond)));
    }

    [Test]
    public void Compose_WithAnUnnumberedId_IsRefused()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => MigrationSequence.Compose([typeof(First), typeof(Unnumbered)]));

        Assert.That(refused!.Message, Does.Contain("add_things").And.Contain("NNNN_snake_case"));
    }

    [Test]
    public void Compose_OfNothing_IsRefused() =>
        Assert.That(() => MigrationSequence.Compose([]), Throws.InvalidOperationException.With.Message.Contain("no migration"));

    [Migration("0001_first")]
    private sealed class First : SqlFileMigration;

    [Migration("0002_second")]
    private sealed class Second : SqlFileMigration;

    [Migration("0002_also_second")]
    private sealed class AnotherSecond : SqlFileMigration;

    [Migration("0003_third")]
    private sealed class Third : SqlFileMigration;

    [Migration("add_things")]
    private sealed class Unnumbered : SqlFileMigration;
}
