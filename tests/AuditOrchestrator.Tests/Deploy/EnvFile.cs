using System.Text.RegularExpressions;

namespace AuditOrchestrator.Tests.Deploy;

/// <summary>
/// One `KEY=value` line of an env file. A line `#KEY=value` (no space after the hash) is a documented key left at
/// the service's default; `# text` is a description.
/// </summary>
internal sealed record EnvEntry(string Key, string Value, bool Active, int Line, string? Description);

internal static partial class EnvFile
{
    public static IReadOnlyList<EnvEntry> Parse(string text)
    {
        var entries = new List<EnvEntry>();
        string? description = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var entry = Entry().Match(line);
            if (entry.Success)
            {
                entries.Add(new EnvEntry(entry.Groups[2].Value, entry.Groups[3].Value, entry.Groups[1].Length == 0, i + 1, description));
                description = null;
            }
            else
            {
                description = line.StartsWith("# ", StringComparison.Ordinal) && line.Length > 2 ? line[2..] : null;
            }
        }
        return entries;
    }

    /// <summary>Secret-bearing values: a token, a secret, or a connection string's password.</summary>
    public static bool HoldsSecret(string key, string value)
    {
        if (key.EndsWith("Token", StringComparison.Ordinal) || key.EndsWith("Secret", StringComparison.Ordinal))
        {
            return value.Length > 0;
        }
        var password = Password().Match(value);
        return password.Success && password.Groups[1].Value.Trim().Length > 0;
    }

    [GeneratedRegex(@"^(#?)([A-Za-z][A-Za-z0-9_]*)=(.*)$")]
    private static partial Regex Entry();

    [GeneratedRegex(@"(?:^|;)\s*Password\s*=([^;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex Password();
}
