namespace AuditOrchestrator.IntegrationTests.Infrastructure;

public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();
    public static string Workflows => Path.Combine(Root, "workflows");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AuditOrchestrator.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Cannot find the repository root (AuditOrchestrator.sln) above " + AppContext.BaseDirectory);
    }
}
