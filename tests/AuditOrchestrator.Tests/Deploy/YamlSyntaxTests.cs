namespace AuditOrchestrator.Tests.Deploy;

public sealed class YamlSyntaxTests
{
    private static IEnumerable<string> DeployYamlFiles() =>
        Directory.EnumerateFiles(RepoFiles.PathOf("deploy"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepoFiles.Root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal);

    [Test]
    public void DeployFolder_HasTheComposeFileAndTheKubernetesManifests() =>
        Assert.That(DeployYamlFiles(), Is.SupersetOf(new[]
        {
            "deploy/compose.yaml", "deploy/kubernetes/deployment.yaml", "deploy/kubernetes/service.yaml",
            "deploy/kubernetes/pdb.yaml", "deploy/kubernetes/configmap.yaml", "deploy/kubernetes/kustomization.yaml",
        }));

    [TestCaseSource(nameof(DeployYamlFiles))]
    public void EveryYamlFile_ParsesIntoAtLeastOneMapping(string file) =>
        Assert.That(YamlFiles.Load(file), Is.Not.Empty);
}
