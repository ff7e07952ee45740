using AuditOrchestrator.IntegrationTests.Infrastructure;
using AuditOrchestrator.Sandbox.GitLab.OAuth;

namespace AuditOrchestrator.IntegrationTests.Ui;

/// <summary>
/// The real host on Kestrel over its own database, signing people in with GitLab OAuth through a simulated GitLab
/// that has the service registered as an application.
/// </summary>
public sealed class GitLabSignInHost : IAsyncDisposable
{
    private GitLabSignInHost(TestDatabase database, FakeGitLabOAuth gitLab, ServiceFactory server)
    {
        Database = database;
        GitLab = gitLab;
        Server = server;
    }

    public TestDatabase Database { get; }
    public FakeGitLabOAuth GitLab { get; }
    public ServiceFactory Server { get; }

    /// <summary>Starts the host with the GitLab OAuth settings and <paramref name="settings"/> (the role mapping, for one).</summary>
    public static async Task<GitLabSignInHost> StartAsync(params (string Key, string? Value)[] settings)
    {
        var database = await TestDatabase.CreateAsync();
        var gitLab = new FakeGitLabOAuth();
        await gitLab.StartAsync();
        var (clientId, clientSecret) = gitLab.AddApplication("AuditOrchestrator");
        var server = UiHost.Start(database, UiHost.Settings(
        [
            ("GitLab:BaseUrl", gitLab.BaseUrl),
            ("GitLab:OAuth:ClientId", clientId),
            ("GitLab:OAuth:ClientSecret", clientSecret),
            .. settings,
        ]));
        return new GitLabSignInHost(database, gitLab, server);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await GitLab.DisposeAsync();
        await Database.DisposeAsync();
    }
}
