namespace AuditOrchestrator.Tests.Deploy;

public sealed class SystemdTests
{
    private static ILookup<string, string> ServiceSection()
    {
        var entries = new List<(string Key, string Value)>();
        var section = "";
        foreach (var line in RepoFiles.Read("deploy/systemd/auditorchestrator.service").Split('\n').Select(l => l.Trim()))
        {
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line;
            }
            else if (section == "[Service]" && line.Length > 0 && !line.StartsWith('#') && line.Contains('=', StringComparison.Ordinal))
            {
                var eq = line.IndexOf('=', StringComparison.Ordinal);
                entries.Add((line[..eq], line[(eq + 1)..]));
            }
        }
        return entries.ToLookup(e => e.Key, e => e.Value, StringComparer.Ordinal);
    }

    [Test]
    public void Unit_RunsTheServiceAsItsOwnUser_FromAnEnvironmentFile_RestartingOnFailure()
    {
        var service = ServiceSection();

        Assert.Multiple(() =>
        {
            Assert.That(service["EnvironmentFile"].Single(), Does.EndWith("auditorchestrator.env"));
            Assert.That(service["Restart"].Single(), Is.EqualTo("on-failure"));
            Assert.That(service["User"].Single(), Is.Not.Empty.And.Not.EqualTo("root"));
            Assert.That(service["WorkingDirectory"].Single(), Does.StartWith("/"));
            Assert.That(service["ExecStart"].Single(), Does.EndWith("AuditOrchestrator.dll"));
        });
    }

    [Test]
    public void Unit_AndItsEnvironmentExample_SetOnlyDocumentedKeys()
    {
        var readme = ConfigurationKeysTests.ReadmeKeys();
        var unitKeys = ServiceSection()["Environment"].Select(v => v.Split('=')[0])
            .Where(k => !k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) && !k.StartsWith("DOTNET_", StringComparison.Ordinal));
        var exampleKeys = EnvFile.Parse(RepoFiles.Read("deploy/systemd/auditorchestrator.env.example")).Select(e => e.Key);

        Assert.That(unitKeys.Concat(exampleKeys).Where(k => !readme.Contains(ReadmeConfiguration.Normalise(k))), Is.Empty);
    }
}
