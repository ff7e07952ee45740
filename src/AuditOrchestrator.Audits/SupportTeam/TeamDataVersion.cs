using System.Security.Cryptography;
using System.Text;

namespace AuditOrchestrator.Audits.SupportTeam;

/// <summary>
/// Which team data a run read: the source, the git commit when the source is a repository (a GitLab ref resolved to
/// its commit, or the HEAD of a local checkout), and the SHA-256 of every file as read. <see cref="Sha256"/> hashes
/// the <c>sha256sum</c>-style listing of the files (<c>"&lt;hex&gt;  &lt;path&gt;\n"</c> per file, in path order), so it can
/// be recomputed by hand.
/// </summary>
public sealed record TeamDataVersion(string Source, string? Commit, string Sha256, IReadOnlyList<TeamFileHash> Files)
{
    public static TeamDataVersion Of(string source, string? commit, IReadOnlyList<TeamFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var hashes = files.OrderBy(f => f.Path, StringComparer.Ordinal)
            .Select(f => new TeamFileHash(f.Path, Hex(Encoding.UTF8.GetBytes(f.Content))))
            .ToList();
        var listing = string.Concat(hashes.Select(h => $"{h.Sha256}  {h.Path}\n"));
        return new TeamDataVersion(source, commit, Hex(Encoding.UTF8.GetBytes(listing)), hashes);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>One team data file's path and the SHA-256 of its UTF-8 text.</summary>
public sealed record TeamFileHash(string Path, string Sha256);

/// <summary>The files of a team data source and the git commit they were read at (null when not a repository).</summary>
public sealed record TeamFiles(IReadOnlyList<TeamFile> Files, string? Commit);
