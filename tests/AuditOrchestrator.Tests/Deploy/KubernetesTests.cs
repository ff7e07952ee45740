using YamlDotNet.RepresentationModel;

namespace AuditOrchestrator.Tests.Deploy;

public sealed class KubernetesTests
{
    private static List<YamlMappingNode> Objects() =>
        [.. Directory.EnumerateFiles(RepoFiles.PathOf("deploy/kubernetes"), "*.yaml")
            .Select(f => Path.GetRelativePath(RepoFiles.Root, f))
            .SelectMany(YamlFiles.Load)
            .Where(o => o.Text("kind") is not null and not "Kustomization")];

    private static YamlMappingNode Kind(string kind) => Objects().Single(o => o.Text("kind") == kind);

    private static YamlMappingNode Container() => Kind("Deployment").Map("spec").Map("template").Map("spec").Seq("containers").Maps().Single();

    private static IReadOnlyDictionary<string, string> PodLabels() =>
        Kind("Deployment").Map("spec").Map("template").Map("metadata").Map("labels").Strings();

    /// <summary>A probe's or Service's port: a number, or the name of one of the container's ports.</summary>
    private static int ContainerPort(string port)
    {
        if (int.TryParse(port, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }
        var named = Container().Seq("ports").Maps().SingleOrDefault(p => p.Text("name") == port)
            ?? throw new AssertionException($"no container port named '{port}'");
        return int.Parse(named.Text("containerPort")!, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Test]
    public void Deployment_RunsTwoReplicasOnTheImagesPort()
    {
        var spec = Kind("Deployment").Map("spec");

        Assert.Multiple(() =>
        {
            Assert.That(spec.Text("replicas"), Is.EqualTo("2"));
            Assert.That(Container().Seq("ports").Maps().Select(p => ContainerPort(p.Text("containerPort")!)), Is.EqualTo(new[] { DeployPort.Exposed() }));
            Assert.That(spec.Map("selector").Map("matchLabels").Strings(), Is.SubsetOf(PodLabels()));
        });
    }

    [TestCase("readinessProbe", "/readyz")]
    [TestCase("livenessProbe", "/healthz")]
    public void Deployment_ProbesTheHealthRoutesOnTheContainerPort(string probe, string path)
    {
        var get = Container().Map(probe).Map("httpGet");

        Assert.Multiple(() =>
        {
            Assert.That(get.Text("path"), Is.EqualTo(path));
            Assert.That(ContainerPort(get.Text("port")!), Is.EqualTo(DeployPort.Exposed()));
        });
    }

    [Test]
    public void Deployment_HasResourcesAndRunsAsTheImagesNonRootUser()
    {
        var pod = Kind("Deployment").Map("spec").Map("template").Map("spec").Map("securityContext");
        var user = DockerfileTests.Image().Final.Last(i => i.Name == "USER").Arguments.Split(':')[0];

        Assert.Multiple(() =>
        {
            Assert.That(Container().Map("resources").Map("requests").Strings().Keys, Is.SupersetOf(new[] { "cpu", "memory" }));
            Assert.That(Container().Map("resources").Map("limits").Strings().Keys, Does.Contain("memory"));
            Assert.That(pod.Text("runAsNonRoot"), Is.EqualTo("true"));
            Assert.That(pod.Text("runAsUser"), Is.EqualTo(user).And.Not.EqualTo("0"));
            Assert.That(Container().Map("securityContext").Text("allowPrivilegeEscalation"), Is.EqualTo("false"));
        });
    }

    [Test]
    public void Service_TargetsTheContainerPortOfTheDeploymentsPods()
    {
        var spec = Kind("Service").Map("spec");

        Assert.Multiple(() =>
        {
            Assert.That(spec.Map("selector").Strings(), Is.SubsetOf(PodLabels()).And.Not.Empty);
            Assert.That(ContainerPort(spec.Seq("ports").Maps().Single().Text("targetPort")!), Is.EqualTo(DeployPort.Exposed()));
        });
    }

    [Test]
    public void PodDisruptionBudget_KeepsOneOfTheDeploymentsPods()
    {
        var spec = Kind("PodDisruptionBudget").Map("spec");

        Assert.Multiple(() =>
        {
            Assert.That(spec.Text("minAvailable"), Is.EqualTo("1"));
            Assert.That(spec.Map("selector").Map("matchLabels").Strings(), Is.SubsetOf(PodLabels()).And.Not.Empty);
        });
    }

    [Test]
    public void Manifests_ShipNoSecretValues_OnlyReferencesToTheOperatorsSecret()
    {
        var readme = ConfigurationKeysTests.ReadmeKeys();
        var config = Kind("ConfigMap");
        var refs = Container().Seq("env").Maps().Where(e => e.Path("valueFrom", "secretKeyRef") is not null).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(Objects().Where(o => o.Text("kind") == "Secret" && (o.Get("data") is not null || o.Get("stringData") is not null)), Is.Empty);
            Assert.That(config.Map("data").Strings().Where(kv => EnvFile.HoldsSecret(kv.Key, kv.Value) || kv.Key.StartsWith("ConnectionStrings", StringComparison.Ordinal)), Is.Empty);
            Assert.That(config.Map("data").Strings().Keys.Where(k => !readme.Contains(ReadmeConfiguration.Normalise(k))), Is.Empty, "ConfigMap keys the README does not document");
            Assert.That(refs.Select(e => e.Text("name")!), Does.Contain("ConnectionStrings__Postgres").And.Contain("GitLab__Token").And.Contain("GitLab__WebhookSecret"));
            Assert.That(refs.Select(e => e.Text("name")!).Where(k => !readme.Contains(k)), Is.Empty, "secret references to keys the README does not document");
            Assert.That(refs.Select(e => e.Path("valueFrom", "secretKeyRef")!.Text("name")).Distinct(), Is.EqualTo(new[] { "auditorchestrator-secrets" }));
            Assert.That(Container().Get("env") is YamlSequenceNode env && env.Maps().All(e => e.Get("value") is null), Is.True, "no literal values in env");
            Assert.That(Container().Seq("envFrom").Maps().Select(e => e.Path("configMapRef")?.Text("name")), Does.Contain(config.Map("metadata").Text("name")));
        });
    }

    [Test]
    public void Kustomization_AppliesEveryManifest()
    {
        var listed = YamlFiles.Load("deploy/kubernetes/kustomization.yaml").Single().Seq("resources").Children.Select(c => ((YamlScalarNode)c).Value);
        var files = Directory.EnumerateFiles(RepoFiles.PathOf("deploy/kubernetes"), "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml");

        Assert.That(listed, Is.EquivalentTo(files));
    }
}
