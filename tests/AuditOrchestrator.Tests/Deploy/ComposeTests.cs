using YamlDotNet.RepresentationModel;

namespace AuditOrchestrator.Tests.Deploy;

public sealed class ComposeTests
{
    private static YamlMappingNode Compose() => YamlFiles.Load("deploy/compose.yaml").Single();

    private static YamlMappingNode Services() => Compose().Map("services");

    private static IEnumerable<YamlMappingNode> ServiceNodes() =>
        Services().Children.Where(c => IsService((YamlMappingNode)c.Value)).Select(c => (YamlMappingNode)c.Value);

    private static bool IsService(YamlMappingNode service) =>
        service.Path("build")?.Text("dockerfile") == "deploy/Dockerfile";

    [Test]
    public void Compose_RunsPostgres15OnANamedVolumeWithAHealthCheck()
    {
        var postgres = Services().Map("postgres");
        var volume = ((YamlScalarNode)postgres.Seq("volumes").Children[0]).Value!.Split(':');

        Assert.Multiple(() =>
        {
            Assert.That(postgres.Text("image"), Does.StartWith("postgres:15"));
            Assert.That(volume[1], Is.EqualTo("/var/lib/postgresql/data"));
            Assert.That(Compose().Map("volumes").Get(volume[0]), Is.Not.Null, "a named volume, declared at the top level");
            Assert.That(postgres.Map("healthcheck").Seq("test").Children.Select(c => ((YamlScalarNode)c).Value), Has.Some.Contains("pg_isready"));
            Assert.That(postgres.Map("environment").Get("POSTGRES_PASSWORD"), Is.Null, "the password comes from a file, not the compose file");
        });
    }

    [Test]
    public void Compose_RunsTwoReplicasOfTheService_AfterTheDatabaseIsHealthy()
    {
        var services = ServiceNodes().ToList();
        var replicas = services.Sum(s => int.Parse(s.Path("deploy")?.Text("replicas") ?? "1", System.Globalization.CultureInfo.InvariantCulture));

        Assert.That(replicas, Is.EqualTo(2));
        foreach (var service in services)
        {
            Assert.Multiple(() =>
            {
                Assert.That(service.Path("depends_on", "postgres")?.Text("condition"), Is.EqualTo("service_healthy"));
                Assert.That(EnvFiles(service), Is.EqualTo(new[] { ".env" }));
                Assert.That(service.Get("environment"), Is.Null, "configuration comes from the env file only");
            });
        }
    }

    [Test]
    public void Compose_PublishesTheImagesPort_OneHostPortPerReplica()
    {
        foreach (var service in ServiceNodes())
        {
            var mapping = ((YamlScalarNode)service.Seq("ports").Children.Single()).Value!;
            var parts = mapping.Split(':');
            var hostPorts = parts[^2].Split('-');
            var replicas = int.Parse(service.Path("deploy")?.Text("replicas") ?? "1", System.Globalization.CultureInfo.InvariantCulture);

            Assert.Multiple(() =>
            {
                Assert.That(int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(DeployPort.Exposed()));
                Assert.That(hostPorts.Length == 1 ? 1 : int.Parse(hostPorts[1], System.Globalization.CultureInfo.InvariantCulture) - int.Parse(hostPorts[0], System.Globalization.CultureInfo.InvariantCulture) + 1,
                    Is.EqualTo(replicas), "a fixed host port cannot be shared by replicas");
            });
        }
    }

    [Test]
    public void Compose_EnvFileHasItsDocumentedExample()
    {
        foreach (var file in ServiceNodes().SelectMany(EnvFiles))
        {
            Assert.That(File.Exists(RepoFiles.PathOf($"deploy/{file}.example")), Is.True, $"{file}.example");
        }
        Assert.That(RepoFiles.Read("deploy/.gitignore").Split('\n').Select(l => l.Trim()), Does.Contain(".env").And.Contain("secrets/"));
    }

    private static string[] EnvFiles(YamlMappingNode service) => service.Get("env_file") switch
    {
        YamlScalarNode one => [one.Value!],
        YamlSequenceNode many => [.. many.Children.Select(c => c is YamlScalarNode s ? s.Value! : ((YamlMappingNode)c).Text("path")!)],
        _ => [],
    };
}
