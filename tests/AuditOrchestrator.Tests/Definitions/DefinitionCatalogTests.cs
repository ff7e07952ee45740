using AuditOrchestrator.Engine.Definitions;
using NUnit.Framework;

namespace AuditOrchestrator.Tests.Definitions;

public class DefinitionCatalogTests
{
    [Test]
    public void LoadDirectory_WhenOneFileIsBad_LoadsTheOthersAndReportsItsErrors()
    {
        var catalog = DefinitionCatalog.LoadDirectory(Fixture.Directory("catalog"), Fixture.Registry);

        Assert.Multiple(() =>
        {
            Assert.That(catalog.Files.Select(f => Path.GetFileName(f.Path)),
                Is.EqualTo(new[] { "audit.yaml", "broken.yaml", "follow-up-item.yaml" }), "only YAML files, in name order");
            Assert.That(catalog.Definitions.Select(d => d.Id), Is.EqualTo(new[] { "pagerduty-quarterly", "follow-up-item" }));
            Assert.That(catalog.Files.Where(f => !f.Result.IsValid).Select(f => Path.GetFileName(f.Path)), Is.EqualTo(new[] { "broken.yaml" }));
            Assert.That(catalog.Errors.Select(e => (Path.GetFileName(e.File), e.Line, e.Field)),
                Is.EqualTo(new[] { ("broken.yaml", 6, "steps[0].activity") }));
            Assert.That(catalog.TryGet("follow-up-item", out var child) && child.Start == "ping");
        });
    }

    [Test]
    public void LoadFile_WhenBytesAreUnchanged_GivesTheSameHash()
    {
        var path = Path.Combine(Fixture.Directory("catalog"), "audit.yaml");

        var first = DefinitionCatalog.LoadFile(path, Fixture.Registry);
        var second = DefinitionCatalog.LoadFile(path, Fixture.Registry);

        Assert.That(first.Sha256, Has.Length.EqualTo(64).And.Match("^[0-9a-f]+$"));
        Assert.That(second.Sha256, Is.EqualTo(first.Sha256));
    }

    [Test]
    public void FromBytes_WhenOneByteChanges_GivesAnotherHash()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Fixture.Directory("catalog"), "audit.yaml"));
        var changed = (byte[])bytes.Clone();
        changed[^2] = (byte)'1';

        var before = DefinitionCatalog.FromBytes("audit.yaml", bytes, Fixture.Registry);
        var after = DefinitionCatalog.FromBytes("audit.yaml", changed, Fixture.Registry);

        Assert.That(after.Sha256, Is.Not.EqualTo(before.Sha256));
        Assert.That(before.Sha256, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))));
    }

    [Test]
    public void FromBytes_WhenFileStartsWithByteOrderMark_ParsesIt()
    {
        var bytes = System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(Fixture.Valid)).ToArray();

        Assert.That(DefinitionCatalog.FromBytes("bom.yaml", bytes, Fixture.Registry).Result.IsValid, Is.True);
    }

    [Test]
    public void FromFiles_WhenFanOutNamesAMissingChild_RejectsTheParent()
    {
        var audit = DefinitionCatalog.LoadFile(Path.Combine(Fixture.Directory("catalog"), "audit.yaml"), Fixture.Registry);

        var catalog = DefinitionCatalog.FromFiles([audit]);

        Assert.That(catalog.Definitions, Is.Empty);
        Assert.That(catalog.Errors.Single().ToString(), Does.EndWith(
            "field 'steps[1].settings.definition': child definition 'follow-up-item' is not among the valid definitions of this directory"));
    }

    [Test]
    public void FromFiles_WhenTwoFilesShareAnId_RejectsTheSecond()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(Fixture.Valid);
        var first = DefinitionCatalog.FromBytes("a.yaml", bytes, Fixture.Registry);
        var second = DefinitionCatalog.FromBytes("b.yaml", bytes, Fixture.Registry);

        var catalog = DefinitionCatalog.FromFiles([first, second]);

        Assert.That(catalog.Definitions, Has.Length.EqualTo(1));
        Assert.That(catalog.Errors.Single().ToString(), Is.EqualTo("b.yaml:1:1: field 'id': definition id 'sample' is already used by a.yaml"));
    }
}
