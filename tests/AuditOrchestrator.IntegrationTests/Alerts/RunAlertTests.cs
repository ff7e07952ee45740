using System.Net.Http.Json;
using System.Text.Json;
using AuditOrchestrator.Api.Runs;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.IntegrationTests.Runtime;
using AuditOrchestrator.IntegrationTests.Infrastructure;

namespace AuditOrchestrator.IntegrationTests.Alerts;

/// <summary>Alerts on faulted and overdue steps: real PostgreSQL, simulated PagerDuty, GitLab and Slack, a moved clock.</summary>
public sealed class RunAlertTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private AlertsHost _host = null!;

    [SetUp]
    public async Task StartAsync() => _host = await AlertsHost.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task MissingIssueTemplate_IsAWarningOnTheRun_ToldOnceAsARunAlert()
    {
        _host.GitLab.Fake.RemoveIssueTemplate(Sandbox.GitLab.SimulatedGitLab.AuditProject, "Pagerduty");
        var run = await _host.StartRunAsync();
        var iid = await _host.FirstPingAsync(run);

        await Eventually.HoldsAsync(async () => Alerts(await _host.RunAsync(run)).Count == 1
            && _host.SomDms().Count == 1 && _host.BotNotes(_host.NotificationsIssue, AlertsHost.NotificationsProject).Count == 1,
            Patience, "the warning is an alert on the run, told to the SOM and the notifications issue");
        await _host.RestartAsync();
        await Eventually.HoldsAsync(async () => (await _host.RunAsync(run)).Status == "running", Patience, "the service is back");

        var alert = Alerts(await _host.RunAsync(run)).Single();
        var journal = (await _host.Admin.InstanceAsync(run)).Journal.Where(e => e.Kind == "issue-template-missing").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(alert.Kind, Is.EqualTo("warning"));
            Assert.That(alert.Message, Does.Contain("The issue template 'Pagerduty' is not in the audit project"));
            Assert.That(journal, Has.Count.EqualTo(1), "one warning on the run's journal");
            Assert.That(_host.GitLab.Fake.GetIssue(Sandbox.GitLab.SimulatedGitLab.AuditProject, iid).Description, Does.Contain("## Notes"),
                "the issue is still written, from the bare default");
            Assert.That(_host.SomDms(), Has.Count.EqualTo(1), "told once, across passes and a restart");
            Assert.That(_host.SomDms().Single(), Does.Contain("Pagerduty"));
            Assert.That(_host.BotNotes(_host.NotificationsIssue, AlertsHost.NotificationsProject), Has.Count.EqualTo(1));
            Assert.That(_host.ChannelPosts(), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task FaultedStep_TellsTheSomAndNotificationsOnce_AcrossPassesAndARestart_AndOnceMoreWhenRecovered()
    {
        var run = await _host.StartRunAsync();
        var iid = await _host.FirstPingAsync(run);
        Assert.That(_host.GitLab.Fake.GetIssue(Sandbox.GitLab.SimulatedGitLab.AuditProject, iid).Description,
            Does.Contain("Admin changes since the last audit"), "the PagerDuty report carries the admin-changes section");

        // PagerDuty starts refusing the token: the re-check after 72 hours fails on every attempt and faults.
        _host.PagerDuty.Faults.FailNext(100_000, 401);
        _host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        // The step's five attempts back off in real time (about 25 s in all).
        await Eventually.HoldsAsync(async () => Alerts(await _host.RunAsync(run)).Count == 1,
            TimeSpan.FromSeconds(90), "the faulted re-check shows as an alert on the run");
        await Eventually.HoldsAsync(() => Task.FromResult(_host.SomDms().Count == 1 && FaultNotes(iid).Count == 1
            && _host.ChannelPosts().Count == 1 && _host.BotNotes(_host.NotificationsIssue, AlertsHost.NotificationsProject).Count == 1),
            Patience, "the SOM, the channel and the notifications issue are told");
        // The alert records whom it told after each message has gone: seen by the fakes first, then on the run.
        await Eventually.HoldsAsync(async () => Alerts(await _host.RunAsync(run)).Single().NotifiedTo.Count >= 4,
            Patience, "the alert records whom it told");

        var alert = Alerts(await _host.RunAsync(run)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(alert.Kind, Is.EqualTo("faulted"));
            Assert.That(alert.Item, Is.EqualTo(AlertsHost.Item));
            Assert.That(alert.Step, Is.Not.Empty);
            Assert.That(alert.NotifiedTo, Is.EquivalentTo(new[]
            {
                $"slack-dm:{AlertsHost.Som}", "gitlab-run-issue", $"slack-channel:{AlertsHost.Channel}",
                $"gitlab-issue:{AlertsHost.NotificationsProject}#{_host.NotificationsIssue}",
            }));
            Assert.That(FaultNotes(iid).Single(), Does.StartWith($"@{AlertsHost.Som} ").And.Contain("(HTTP 401)"));
            Assert.That(_host.SomDms().Single(), Does.Contain($"/api/runs/{run}/items/{AlertsHost.Item}/actions/retry"));
            Assert.That(_host.SomDms().Single(), Does.Not.Contain(_host.PagerDuty.Token), "no token in what people read");
        });

        // More passes, then a restart: nothing is told twice.
        await _host.AlertsPassAsync();
        await _host.AlertsPassAsync();
        await _host.RestartAsync();
        await _host.AlertsPassAsync();
        AssertToldTimes(iid, alerts: 1, resolved: 0);
        Assert.That(Alerts(await _host.RunAsync(run)), Has.Count.EqualTo(1), "the alert stays open until the step recovers");

        // The operator fixes the token and retries: the step moves on, and the recovery is told once.
        _host.PagerDuty.Faults.Clear();
        var retry = await _host.Admin.PostAsync(new Uri($"/api/runs/{run}/items/{AlertsHost.Item}/actions/retry", UriKind.Relative), null);
        Assert.That((int)retry.StatusCode, Is.EqualTo(202));
        await Eventually.HoldsAsync(async () => Alerts(await _host.RunAsync(run)).Count == 0 && _host.SomDms().Count == 2,
            Patience, "the alert is resolved and the SOM told so");
        await _host.AlertsPassAsync();
        AssertToldTimes(iid, alerts: 1, resolved: 1);
    }

    [Test]
    public async Task TimerLostPastOverdueAfter_TellsTheSomOnce_AndResolvesWhenTheWaitIsSkipped()
    {
        await _host.DisposeAsync();
        _host = await AlertsHost.StartAsync(timerSweepInterval: "1.00:00:00");
        var run = await _host.StartRunAsync();
        var iid = await _host.FirstPingAsync(run);

        // The 72-hour timer's alarm lies 72 real hours ahead (the test clock jumps, Hangfire's does not) and the backstop
        // sweep runs once a day here: the timer is as good as lost. The clock passes due + 1 h.
        _host.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(30));
        await _host.AlertsPassAsync();
        Assert.That(Alerts(await _host.RunAsync(run)), Is.Empty, "30 minutes late is within Alerts__OverdueAfter");

        _host.Clock.Advance(TimeSpan.FromHours(1));
        await Eventually.HoldsAsync(() => Task.FromResult(_host.SomDms().Count == 1 && OverdueNotes(iid).Count == 1), Patience, "the SOM is told");
        await _host.AlertsPassAsync();
        await _host.AlertsPassAsync();
        var alerts = Alerts(await _host.RunAsync(run));
        Assert.Multiple(() =>
        {
            Assert.That(alerts, Has.Count.EqualTo(1));
            Assert.That(alerts[0].Kind, Is.EqualTo("overdue"));
            Assert.That(alerts[0].DueAt, Is.Not.Null);
            Assert.That(_host.SomDms(), Has.Count.EqualTo(1));
            Assert.That(OverdueNotes(iid), Has.Count.EqualTo(1));
            Assert.That(_host.ChannelPosts(), Has.Count.EqualTo(1));
        });

        var skip = await _host.Admin.PostAsync(new Uri($"/api/runs/{run}/items/{AlertsHost.Item}/actions/skip-wait", UriKind.Relative), null);
        Assert.That((int)skip.StatusCode, Is.EqualTo(202));
        await Eventually.HoldsAsync(async () => Alerts(await _host.RunAsync(run)).Count == 0 && ResolvedNotes(iid).Count == 1,
            Patience, "the alert is resolved once the wait moves");
        Assert.That(_host.SomDms(), Has.Count.EqualTo(2));
    }

    private static List<AlertView> Alerts(RunView run) => [.. run.Alerts!];

    private List<string> FaultNotes(long iid) => [.. _host.BotNotes(iid).Where(n => n.Contains("faulted after its retries", StringComparison.Ordinal))];

    private List<string> OverdueNotes(long iid) => [.. _host.BotNotes(iid).Where(n => n.Contains("has not run yet", StringComparison.Ordinal))];

    private List<string> ResolvedNotes(long iid) => [.. _host.BotNotes(iid).Where(n => n.Contains("Resolved:", StringComparison.Ordinal))];

    private void AssertToldTimes(long iid, int alerts, int resolved)
    {
        var notifications = _host.BotNotes(_host.NotificationsIssue, AlertsHost.NotificationsProject);
        Assert.Multiple(() =>
        {
            Assert.That(_host.SomDms(), Has.Count.EqualTo(alerts + resolved), "DMs to the SOM");
            Assert.That(FaultNotes(iid), Has.Count.EqualTo(alerts), "alert notes on the run's issue");
            Assert.That(ResolvedNotes(iid), Has.Count.EqualTo(resolved), "recovery notes on the run's issue");
            Assert.That(_host.ChannelPosts(), Has.Count.EqualTo(alerts + resolved), "posts to the channel");
            Assert.That(notifications, Has.Count.EqualTo(alerts + resolved), "notes on the notifications issue");
        });
    }
}
