namespace AuditOrchestrator.Tests.Deploy;

public sealed class DockerfileTests
{
    internal static Dockerfile Image() => Dockerfile.Parse(RepoFiles.Read("deploy/Dockerfile"));

    [Test]
    public void Dockerfile_BuildsWithTheSdkAndNode_AndRunsOnTheAspNetRuntime()
    {
        var image = Image();
        var froms = image.Stages.Select(s => s[0].Arguments).ToList();
        var build = image.Stages.Single(s => s[0].Arguments.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(image.Stages, Has.Count.GreaterThanOrEqualTo(2), "multi-stage");
            Assert.That(image.Final[0].Arguments, Does.StartWith("mcr.microsoft.com/dotnet/aspnet:10.0"));
            Assert.That(froms.Any(f => f.StartsWith("node:20", StringComparison.Ordinal))
                || build.Any(i => i.Name == "RUN" && i.Arguments.Contains("nodejs", StringComparison.Ordinal)), Is.True, "Node 20 for the admin UI");
            Assert.That(build.Where(i => i.Name == "RUN").Select(i => i.Arguments),
                Has.Some.Contains("dotnet publish").And.Some.Contains("-c Release").And.Some.Contains("AuditOrchestrator.Api.csproj"));
            Assert.That(image.Final.Where(i => i.Name == "ENTRYPOINT").Select(i => i.Arguments), Has.One.Contains("AuditOrchestrator.dll"));
        });
    }

    [Test]
    public void Dockerfile_RunsAsANonRootUser()
    {
        var user = Image().Final.LastOrDefault(i => i.Name == "USER")?.Arguments.Split(':')[0];

        Assert.That(user, Is.Not.Null.And.Not.EqualTo("root").And.Not.EqualTo("0"));
    }

    [Test]
    public void Dockerfile_ListensOnItsExposedPort_AndFindsTheShippedWorkflows()
    {
        var image = Image();
        var env = Dockerfile.Environment(image.Final);

        Assert.Multiple(() =>
        {
            Assert.That(DeployPort.Exposed(), Is.EqualTo(8080));
            Assert.That(env["ASPNETCORE_URLS"], Is.EqualTo($"http://+:{DeployPort.Exposed()}"));
            Assert.That(env["Workflows__Directory"], Is.EqualTo("/app/workflows"));
            Assert.That(image.Stages.SelectMany(s => s).Where(i => i.Name is "COPY" or "RUN").Select(i => i.Arguments),
                Has.Some.Contains("workflows"), "the definitions are copied into the image");
        });
    }

    [Test]
    public void Dockerfile_HealthCheck_ProbesHealthzWithABinaryTheImageHas()
    {
        var image = Image();
        var check = image.Final.SingleOrDefault(i => i.Name == "HEALTHCHECK");

        Assert.That(check, Is.Not.Null);
        var command = check!.Arguments[(check.Arguments.IndexOf("CMD", StringComparison.Ordinal) + 3)..].Trim();
        var binary = command.TrimStart('[').Split(',', ' ')[0].Trim('"');
        Assert.Multiple(() =>
        {
            Assert.That(command, Does.Contain($"127.0.0.1:{DeployPort.Exposed()}/healthz"));
            Assert.That(image.Final.Where(i => i.Name == "COPY").Select(i => i.Arguments.Split(' ')[^1]), Has.Member(binary),
                "the probe's binary is copied into the runtime stage (the ASP.NET image has no curl or wget)");
        });
    }

    [Test]
    public void DockerIgnore_KeepsBuildOutputAndOperatorSecretsOutOfTheContext()
    {
        var ignored = RepoFiles.Read("deploy/Dockerfile.dockerignore").Split('\n').Select(l => l.Trim()).ToList();

        Assert.That(ignored, Is.SupersetOf(new[] { "**/bin/", "**/obj/", "**/node_modules/", "deploy/.env", "deploy/secrets/" }));
    }
}
