using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Exposure;

/// <summary>Deployments that would expose something by accident refuse to start, with one line that says why.</summary>
public sealed class StartupRefusalTests : DatabasePerFixture
{
    [Test]
    public async Task ProductionNode_WhoseTokenSecretIsMissing_RefusesToStart_InsteadOfServingADemoAdmin()
    {
        // The Kubernetes Secret was not mounted: no vendor token, and no Sandbox__Enabled either.
        var output = await RefusalAsync(new Dictionary<string, string> { ["Sandbox__Enabled"] = "", ["ASPNETCORE_ENVIRONMENT"] = "Production" });

        Assert.That(output, Does.Contain("error: No vendor token is configured and ASPNETCORE_ENVIRONMENT is Production"));
    }

    [Test]
    public async Task ProductionNode_WithoutTheDataProtectionKey_RefusesToStart()
    {
        var output = await RefusalAsync(new Dictionary<string, string> { ["Auth__DataProtectionKey"] = "" });

        Assert.That(output, Does.Contain("error: Auth__DataProtectionKey is not set"));
    }

    [Test]
    public async Task ShortBootstrapAdminToken_IsRefused()
    {
        var output = await RefusalAsync(new Dictionary<string, string> { ["Auth__BootstrapAdminToken"] = "admin123" });

        Assert.That(output, Does.Contain("error: Auth__BootstrapAdminToken is shorter than 32 characters").And.Not.Contain("admin123"));
    }

    [Test]
    public async Task BootstrapAdminToken_WhileSet_IsWarnedAboutAtStart()
    {
        await using var service = ServiceProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = Database.ConnectionString,
            ["Auth__BootstrapAdminToken"] = ServiceFactory.BootstrapToken,
            ["Workflows__Directory"] = RepositoryPaths.Workflows,
        });
        await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));

        Assert.That(service.Output, Does.Contain("Auth__BootstrapAdminToken is set").And.Not.Contain(ServiceFactory.BootstrapToken));
    }

    private async Task<string> RefusalAsync(Dictionary<string, string> overrides)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = Database.ConnectionString,
            ["Workflows__Directory"] = RepositoryPaths.Workflows,
        };
        foreach (var (key, value) in overrides)
        {
            environment[key] = value;
        }
        await using var service = ServiceProcess.Start(environment);
        var exited = Assert.ThrowsAsync<InvalidOperationException>(() => service.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)));
        var output = exited!.Message;
        Assert.That(output, Does.StartWith("The service exited with 1"));
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("error:", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(output, Does.Not.Contain("   at "), "one line, not a stack trace");
        return output;
    }
}
