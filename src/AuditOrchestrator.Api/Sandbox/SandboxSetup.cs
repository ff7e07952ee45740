using AuditOrchestrator.Audits.AdminActivity;

namespace AuditOrchestrator.Api.Sandbox;

public static class SandboxSetup
{
    public const string ModeHeader = "X-AuditOrchestrator-Mode";

    /// <summary>
    /// When the sandbox is on: starts the simulated vendors and points the configuration at them before any service reads
    /// it. Returns the vendors (to stop with the host), or null when the sandbox is off.
    /// </summary>
    public static async Task<SandboxVendors?> StartIfEnabledAsync(WebApplicationBuilder builder)
    {
        if (!SandboxMode.IsEnabled(builder.Configuration, builder.Environment))
        {
            return null;
        }
        if (!SandboxMode.AllowsRemote(builder.Configuration) && LoopbackOnly.Rewrite(builder.Configuration) is { } loopback)
        {
            builder.WebHost.UseUrls([.. loopback]);
        }
        var vendors = await SandboxVendors.StartAsync(CancellationToken.None);
        builder.Configuration.AddInMemoryCollection(vendors.Configuration(builder.Configuration));
        builder.Configuration.AddInMemoryCollection([new("Sandbox:Enabled", "true")]);
        builder.Services.AddSingleton(vendors);
        // The simulated PagerDuty keeps its audit records on the service clock (SandboxDriver): the collector asks on it too.
        builder.Services.AddSingleton(sp => new CollectorClocks(TimeProvider.System, sp.GetRequiredService<TimeProvider>()) { Vendor = sp.GetRequiredService<TimeProvider>() });
        builder.Services.AddHostedService<SandboxDriver>();
        builder.Services.AddHostedService<SandboxPeople>();
        return vendors;
    }

    /// <summary>Every response says which mode answered it.</summary>
    public static void UseModeHeader(this WebApplication app, bool sandbox) =>
        app.Use((context, next) =>
        {
            context.Response.Headers[ModeHeader] = sandbox ? "sandbox" : "production";
            return next(context);
        });
}
