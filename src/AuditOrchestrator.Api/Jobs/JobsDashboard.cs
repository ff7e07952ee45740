using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Engine.Security;
using Hangfire;
using Hangfire.Dashboard;

namespace AuditOrchestrator.Api.Jobs;

/// <summary>
/// Hangfire's dashboard at <c>/hangfire</c>, behind the service's own sign-in (UI session or API token): operators see it
/// read-only, admins may also trigger, requeue and delete; viewers get 403 and anonymous callers 401. The route carries
/// its own authorization, so it never depends on a fallback policy.
/// </summary>
public static class JobsDashboard
{
    public const string Path = "/hangfire";

    public static void MapJobsDashboard(this IEndpointRouteBuilder routes) =>
        routes.MapHangfireDashboard(Path, new DashboardOptions
        {
            DashboardTitle = "AuditOrchestrator jobs",
            AppPath = "/",
            // Setting a filter also removes Hangfire's local-requests-only default; this one repeats the route's rule.
            AsyncAuthorization = [new AtLeastOperator()],
            IsReadOnlyFunc = context => !context.GetHttpContext().User.HasAtLeast(Role.Admin),
            DisplayStorageConnectionString = false,
        }).RequireRole(Role.Operator).ExcludeFromDescription();

    private sealed class AtLeastOperator : IDashboardAsyncAuthorizationFilter
    {
        public Task<bool> AuthorizeAsync(DashboardContext context) => Task.FromResult(context.GetHttpContext().User.HasAtLeast(Role.Operator));
    }
}
