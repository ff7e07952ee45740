using System.Security.Claims;
using System.Text.Json.Nodes;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Audits.Text;
using AuditOrchestrator.Audits.Workflows;
using AuditOrchestrator.Engine.Runtime;
using AuditOrchestrator.Engine.Security;
using AuditOrchestrator.Vendors.GitLab;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Api.Runs;

/// <summary>
/// The run actions that speak for the SOM: <c>change-som</c> (to a name in <c>SupportOps__Managers</c>, or anyone by an
/// admin with a reason; the new SOM is told on the issue) and <c>approve</c> (the SOM's own GitLab session, or an
/// admin with a reason). Each is journalled on the run with its actor.
/// </summary>
public static partial class RunSomActions
{
    public sealed record ChangeSom(string? Username, string? Reason);
    public sealed record Approve(string? Reason);

    public static void MapRunSomActions(this RouteGroupBuilder runs)
    {
        var run = runs.MapGroup("/{id:guid}/actions");
        run.MapPost("/change-som", ChangeSomAsync).RequireRole(Role.Operator);
        // Any signed-in role reaches it; who may approve is decided inside (the SOM may be a viewer).
        run.MapPost("/approve", ApproveAsync).RequireRole(Role.Viewer);
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> ChangeSomAsync(
        Guid id, ChangeSom body, AuditRuns runs, InstanceQueries instances, InstanceJournal journal, IOptions<SupportOpsOptions> supportOps,
        IServiceProvider services, ClaimsPrincipal user, ILoggerFactory loggers, CancellationToken ct)
    {
        var username = body.Username?.Trim().TrimStart('@');
        if (string.IsNullOrEmpty(username) || !GitLabUsernames.IsValid(username))
        {
            return Problem("'username' must be a GitLab username.", StatusCodes.Status400BadRequest);
        }
        var managers = supportOps.Value.Managers ?? [];
        var listed = managers.Contains(username, StringComparer.OrdinalIgnoreCase);
        var reason = body.Reason?.Trim();
        if (!listed)
        {
            if (!user.HasAtLeast(Role.Admin))
            {
                return Problem($"'{username}' is not in SupportOps__Managers; only an admin, with a reason, may hand a run to someone else.",
                    StatusCodes.Status403Forbidden);
            }
            if (string.IsNullOrEmpty(reason))
            {
                return Problem("Handing a run to someone not in SupportOps__Managers needs a 'reason'.", StatusCodes.Status400BadRequest);
            }
        }
        var found = await runs.FindAsync(id, ct);
        if (found is null)
        {
            return Problem($"No run {id}.", StatusCodes.Status404NotFound);
        }
        if ((await instances.GetAsync(id, ct))?.Instance.Status is InstanceStatusNames.Completed or InstanceStatusNames.Cancelled)
        {
            return Problem("The run is over.", StatusCodes.Status409Conflict);
        }
        await runs.ChangeSomAsync(id, username, ct);
        var entry = new JsonObject { ["from"] = found.Som, ["to"] = username, ["inManagers"] = listed, ["reason"] = reason };
        if (found.Issue is { } issue)
        {
            try
            {
                var gitlab = services.GetRequiredService<GitLabClient>();
                var note = await gitlab.CreateNoteOnceAsync(issue.Iid, $"som-changed:{id:N}:{Guid.NewGuid():N}",
                    FollowUpMessages.SomChanged(username, found.Som, user.Actor(), reason), ct);
                entry["noteId"] = note.Note.Id;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // The change stands; the journal says the new SOM was not told, and why.
                entry["notified"] = false;
                entry["notifyError"] = e.GetType().Name;
                LogNotifyFailed(loggers.CreateLogger(typeof(RunSomActions)), id, e.GetType().Name);
            }
        }
        await journal.AppendAsync(id, "som-changed", user.Actor(), entry, ct);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> ApproveAsync(
        Guid id, Approve? body, AuditRuns runs, InstanceQueries instances, SignalInbox inbox, ClaimsPrincipal user, CancellationToken ct)
    {
        var found = await runs.FindAsync(id, ct);
        if (found is null)
        {
            return Problem($"No run {id}.", StatusCodes.Status404NotFound);
        }
        var reason = body?.Reason?.Trim();
        var asSom = user.GitLabUsername() is { } signedIn && string.Equals(signedIn, found.Som, StringComparison.OrdinalIgnoreCase);
        if (!asSom)
        {
            if (!user.HasAtLeast(Role.Admin))
            {
                return Problem("Only the run's SOM (signed in with GitLab) or an admin, with a reason, approves the review.", StatusCodes.Status403Forbidden);
            }
            if (string.IsNullOrEmpty(reason))
            {
                return Problem("An admin approving in the SOM's place gives a 'reason'.", StatusCodes.Status400BadRequest);
            }
        }
        var detail = await instances.GetAsync(id, ct);
        if (detail is null || InstanceStatusNames.IsFinished(detail.Instance.Status))
        {
            return Problem("The run is over.", StatusCodes.Status409Conflict);
        }
        if (detail.State().Review is null)
        {
            return Problem("The review has not been requested yet: nothing to approve.", StatusCodes.Status409Conflict);
        }
        await inbox.DeliverAsync(new Signal($"api:approve:{id:N}", AwaitApprovalActivity.ApprovedByActionSignal, id.ToString(),
            new JsonObject { ["author"] = user.Actor(), ["reason"] = reason, ["asSom"] = asSom }, user.Actor()), ct);
        return TypedResults.Accepted((string?)null);
    }

    private static ProblemHttpResult Problem(string detail, int status) => TypedResults.Problem(detail, statusCode: status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: the new SOM could not be told on the issue ({Error})")]
    private static partial void LogNotifyFailed(ILogger logger, Guid runId, string error);
}
