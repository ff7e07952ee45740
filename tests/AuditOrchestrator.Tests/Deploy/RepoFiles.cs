namespace AuditOrchestrator.Tests.Deploy;

/// <summary>The repository's own files, found from the test binary by walking up to the solution file.</summary>
internal static class RepoFiles
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AuditOrchestrator.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No AuditOrchestrator.sln above {AppContext.BaseDirectory}.");
    });

    public static string Root => RootPath.Value;

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));
}
