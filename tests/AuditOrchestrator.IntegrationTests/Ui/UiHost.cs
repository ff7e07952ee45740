namespace AuditOrchestrator.IntegrationTests.Ui;

public static class UiHost
{
    /// <summary>The designer's tests bring their own definitions: the host starts with an empty workflows folder.</summary>
    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["Workflows:Directory"] = EmptyWorkflows.Value };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }
        return settings;
    }

    private static readonly Lazy<string> EmptyWorkflows = new(() => Directory.CreateTempSubdirectory("ao-ui-workflows-").FullName);
}
