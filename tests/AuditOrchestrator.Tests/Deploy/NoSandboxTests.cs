using YamlDotNet.RepresentationModel;

namespace AuditOrchestrator.Tests.Deploy;

/// <summary>
/// A deployment never becomes a sandbox by losing its tokens: every artifact says Sandbox__Enabled=false, and the key
/// that encrypts the sign-in keys is required where secrets are referenced.
/// </summary>
public sealed class NoSandboxTests
{
    [Test]
    public void Compose_EnvExample_TurnsTheSandboxOff()
    {
        var entries = EnvFile.Parse(RepoFiles.Read("deploy/.env.example"));

        Assert.That(entries.Single(e => e.Key == "Sandbox__Enabled"), Has.Property("Active").True.And.Property("Value").EqualTo("false"));
        Assert.That(entries.Single(e => e.Key == "Auth__DataProtectionKey").Active, Is.True, "a copy of the example must fill it in");
    }

    [Test]
    public void Kubernetes_ConfigMapTurnsTheSandboxOff_AndTheDataProtectionKeyIsARequiredSecret()
    {
        var objects = Directory.EnumerateFiles(RepoFiles.PathOf("deploy/kubernetes"), "*.yaml")
            .SelectMany(f => YamlFiles.Load(Path.GetRelativePath(RepoFiles.Root, f))).ToList();
        var data = objects.Single(o => o.Text("kind") == "ConfigMap").Map("data").Strings();
        var container = objects.Single(o => o.Text("kind") == "Deployment").Map("spec").Map("template").Map("spec").Seq("containers").Maps().Single();
        var key = container.Seq("env").Maps().Single(e => e.Text("name") == "Auth__DataProtectionKey").Path("valueFrom", "secretKeyRef")!;

        Assert.That(data["Sandbox__Enabled"], Is.EqualTo("false"));
        Assert.That(key.Text("optional"), Is.Null.Or.EqualTo("false"));
    }

    [Test]
    public void Systemd_UnitTurnsTheSandboxOff_AndItsEnvironmentExampleDoesNotTurnItOn()
    {
        var unit = RepoFiles.Read("deploy/systemd/auditorchestrator.service").Split('\n').Select(l => l.Trim()).ToList();
        var example = EnvFile.Parse(RepoFiles.Read("deploy/systemd/auditorchestrator.env.example"));

        // An EnvironmentFile= value overrides Environment=: the unit's line is what holds when the file says nothing.
        Assert.That(unit, Does.Contain("Environment=Sandbox__Enabled=false"));
        Assert.That(example.Where(e => e.Key == "Sandbox__Enabled" && e.Active), Is.Empty);
        Assert.That(example.Single(e => e.Key == "Auth__DataProtectionKey").Active, Is.True);
    }
}
