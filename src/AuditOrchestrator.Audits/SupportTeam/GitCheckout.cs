namespace AuditOrchestrator.Audits.SupportTeam;

/// <summary>
/// The HEAD commit of the git checkout a local path lies in, read from the <c>.git</c> files (no git binary needed):
/// a detached HEAD, a branch's loose ref or its line in packed-refs; a linked worktree's <c>.git</c> file is followed.
/// </summary>
public static class GitCheckout
{
    public static string? HeadCommit(string path)
    {
        try
        {
            for (var dir = new DirectoryInfo(Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path)) ?? "."); dir is not null; dir = dir.Parent)
            {
                var dotGit = Path.Combine(dir.FullName, ".git");
                if (Directory.Exists(dotGit))
                {
                    return Resolve(dotGit, dotGit);
                }
                if (File.Exists(dotGit) && File.ReadAllText(dotGit).Trim() is var link && link.StartsWith("gitdir:", StringComparison.Ordinal))
                {
                    var gitDir = Path.GetFullPath(link["gitdir:".Length..].Trim(), dir.FullName);
                    var common = File.Exists(Path.Combine(gitDir, "commondir"))
                        ? Path.GetFullPath(File.ReadAllText(Path.Combine(gitDir, "commondir")).Trim(), gitDir)
                        : gitDir;
                    return Resolve(gitDir, common);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable git files: the version is then the files' hashes alone.
        }
        return null;
    }

    private static string? Resolve(string gitDir, string commonDir)
    {
        var head = File.ReadAllText(Path.Combine(gitDir, "HEAD")).Trim();
        if (!head.StartsWith("ref:", StringComparison.Ordinal))
        {
            return IsSha(head) ? head : null;
        }
        var name = head["ref:".Length..].Trim();
        foreach (var dir in new[] { gitDir, commonDir })
        {
            var loose = Path.Combine(dir, name.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(loose) && File.ReadAllText(loose).Trim() is var sha && IsSha(sha))
            {
                return sha;
            }
        }
        var packed = Path.Combine(commonDir, "packed-refs");
        return File.Exists(packed)
            ? File.ReadLines(packed).Select(l => l.Split(' ', 2)).FirstOrDefault(p => p.Length == 2 && p[1].Trim() == name && IsSha(p[0]))?[0]
            : null;
    }

    private static bool IsSha(string text) => text.Length is 40 or 64 && text.All(Uri.IsHexDigit);
}
