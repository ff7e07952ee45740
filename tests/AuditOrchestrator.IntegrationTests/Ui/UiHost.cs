using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Ui;

public static class UiHost
{
    /// <summary>The real host on Kestrel (127.0.0.1, a free port), so a real browser can reach it; the service's own defaults.</summary>
    public static ServiceFactory Start(TestDatabase database, Dictionary<string, string?> settings) =>
        ServiceFactory.StartOnKestrel(database, settings, testDefaults: false);

    /// <summary>
    /// The UI's tests bring their own definitions (an empty workflows folder) and run as Development, not as the
    /// sandbox (which would start simulated vendors); Development is what offers the demo admin here.
    /// </summary>
    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["Workflows:Directory"] = EmptyWorkflows.Value, ["Sandbox:Enabled"] = "false" };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }
        return settings;
    }

    private static readonly Lazy<string> EmptyWorkflows = new(() => Directory.CreateTempSubdirectory("ao-ui-workflows-").FullName);
}
