using System.Reflection;

namespace AuditOrchestrator.Tests.Deploy;

/// <summary>
/// The configuration keys the options classes bind: every class with a <c>const string Section</c>, walked through
/// its settable properties (nested classes add a level, lists are one key).
/// </summary>
internal static class OptionsKeys
{
    public static IReadOnlyList<string> Of(Assembly assembly) =>
        [.. assembly.GetTypes()
            .Select(t => (Type: t, Section: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
            .Where(s => s.Section is { IsLiteral: true } && s.Section.FieldType == typeof(string))
            .SelectMany(s => Walk(s.Type, (string)s.Section!.GetRawConstantValue()!, depth: 0))
            .Distinct()];

    private static IEnumerable<string> Walk(Type type, string prefix, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
        {
            var key = $"{prefix}__{property.Name}";
            if (IsLeaf(property.PropertyType) || depth >= 3)
            {
                yield return key;
                continue;
            }
            foreach (var nested in Walk(property.PropertyType, key, depth + 1))
            {
                yield return nested;
            }
        }
    }

    private static bool IsLeaf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(Uri) || t == typeof(TimeSpan) || t == typeof(decimal)
            || t == typeof(TimeOnly) || t == typeof(DateTimeOffset) || typeof(System.Collections.IEnumerable).IsAssignableFrom(t);
    }

    /// <summary>`Zendesk__Token` is documented by `Zendesk__Main__Token`: options bound once per named instance.</summary>
    public static bool IsDocumented(string key, IReadOnlySet<string> readme)
    {
        if (readme.Contains(key))
        {
            return true;
        }
        var split = key.LastIndexOf("__", StringComparison.Ordinal);
        var (section, name) = (key[..split], key[(split + 2)..]);
        return readme.Any(k => k.StartsWith(section + "__", StringComparison.Ordinal) && k.EndsWith("__" + name, StringComparison.Ordinal)
            && k.Length > section.Length + name.Length + 4);
    }
}
