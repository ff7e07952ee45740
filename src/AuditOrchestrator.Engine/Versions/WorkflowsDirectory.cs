using Microsoft.Extensions.Configuration;

namespace AuditOrchestrator.Engine.Versions;

/// <summary>Where the shipped definition files are: `Workflows__Directory`, else a `workflows` folder beside the binary or above it.</summary>
public static class WorkflowsDirectory
{
    public static string Resolve(IConfiguration configuration)
    {
        var configured = configuration["Workflows:Directory"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "workflows");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        throw new InvalidOperationException("No workflows directory found: set Workflows__Directory.");
    }
}
