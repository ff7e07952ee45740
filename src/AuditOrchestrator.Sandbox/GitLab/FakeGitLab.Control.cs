using Microsoft.AspNetCore.Http;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace AuditOrchestrator.Sandbox.GitLab;

/// <summary>
/// <c>/_control/</c>: the people API and the switches over HTTP, for the sandbox UI and scripts. Open on 127.0.0.1;
/// a body is JSON or form, e.g. <c>POST /_control/issues/1/discussions/{id}/reply {"username":"alice","body":"done"}</c>.
/// </summary>
public sealed partial class FakeGitLab
{
    private void MapControl(IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/_control");
        const string issue = "/issues/{iid:long}";

        control.MapPost(issue + "/comment", (HttpContext c) => Control(c, async args =>
            NoteSummary(await CommentAsync(Iid(c), Required(args, "username"), Required(args, "body"), args.String("project")))));

        control.MapPost(issue + "/discussions", (HttpContext c) => Control(c, async args =>
        {
            var discussion = await StartThreadAsync(Iid(c), Required(args, "username"), Required(args, "body"), args.String("project"));
            return new { discussion_id = discussion.Id, note_id = discussion.Notes[0].Id };
        }));

        control.MapPost(issue + "/discussions/{discussionId}/reply", (HttpContext c) => Control(c, async args =>
            NoteSummary(await ReplyAsync(Iid(c), Route(c, "discussionId"), Required(args, "username"), Required(args, "body"), args.String("project")))));

        control.MapPost(issue + "/discussions/{discussionId}/resolve", (HttpContext c) => Control(c, async args =>
        {
            var discussion = await ResolveThreadAsync(Iid(c), Route(c, "discussionId"), Required(args, "username"),
                args.Bool("resolved") ?? true, args.String("project"));
            return new { discussion_id = discussion.Id, resolved = discussion.Notes.All(n => n.Resolved) };
        }));

        control.MapPost(issue + "/award", (HttpContext c) => Control(c, async args =>
        {
            var award = await AwardEmojiAsync(Iid(c), Required(args, "username"), Required(args, "emoji"), args.Long("note_id"), args.String("project"));
            return new { award_id = award.Id, award.Name, awardable_type = award.AwardableType, awardable_id = award.AwardableId };
        }));

        control.MapPost(issue + "/description", (HttpContext c) => Control(c, async args =>
            IssueSummary(await EditDescriptionAsync(Iid(c), Required(args, "username"), Required(args, "description"), args.String("project")))));

        control.MapPost(issue + "/close", (HttpContext c) => Control(c, async args =>
            IssueSummary(await CloseIssueAsync(Iid(c), Required(args, "username"), args.String("project")))));

        control.MapPost(issue + "/reopen", (HttpContext c) => Control(c, async args =>
            IssueSummary(await ReopenIssueAsync(Iid(c), Required(args, "username"), args.String("project")))));

        control.MapPost("/webhooks", (HttpContext c) => ControlSync(c, args =>
        {
            if (args.String("url") is { Length: > 0 } url)
            {
                Webhooks.Url = new Uri(url);
            }

            if (args.String("secret") is { } secret)
            {
                Webhooks.Secret = secret;
            }

            if (args.Bool("drop") is { } drop)
            {
                Webhooks.DropDeliveries = drop;
            }

            return new { url = Webhooks.Url?.ToString(), drop = Webhooks.DropDeliveries };
        }));

        control.MapGet("/webhooks/deliveries", (HttpContext c) => ControlSync(c, _ => (
            Webhooks.Deliveries.Select(d => new { @event = d.Event, uuid = d.EventUuid, idempotency_key = d.IdempotencyKey, outcome = d.Outcome.ToString(), status = d.StatusCode, at = Iso(d.At) }).ToList())));

        control.MapPost("/faults", (HttpContext c) => ControlSync(c, args =>
        {
            if (args.Long("fail_next") is { } failures)
            {
                Faults.FailNext((int)failures, (int)(args.Long("status") ?? StatusCodes.Status503ServiceUnavailable));
            }

            if (args.Long("rate_limit_next") is { } limited)
            {
                Faults.RateLimitNext((int)limited, TimeSpan.FromSeconds(args.Long("retry_after_seconds") ?? 1));
            }

            if (args.Bool("clear") == true)
            {
                Faults.Clear();
            }

            return new { ok = true };
        }));
    }

    private static long Iid(HttpContext context) => long.Parse(Route(context, "iid"), CultureInfo.InvariantCulture);

    private static string Required(FakeGitLabRequest args, string name) =>
        args.String(name) is { Length: > 0 } value ? value : throw new FakeGitLabException(StatusCodes.Status400BadRequest, $"{name} is missing");

    private static object NoteSummary(FakeGitLabNote note) => new { note_id = note.Id, discussion_id = note.DiscussionId };

    private static object IssueSummary(FakeGitLabIssue issue) => new { iid = issue.Iid, state = issue.State, description = issue.Description };

    private static Task ControlSync(HttpContext context, Func<FakeGitLabRequest, object> handle) =>
        Control(context, args => Task.FromResult(handle(args)));

    private static async Task Control(HttpContext context, Func<FakeGitLabRequest, Task<object>> handle)
    {
        try
        {
            var args = await FakeGitLabRequest.ReadAsync(context.Request);
            await WriteJsonAsync(context, StatusCodes.Status200OK, await handle(args));
        }
        catch (FakeGitLabException e)
        {
            await WriteJsonAsync(context, e.StatusCode, new { message = e.Message });
        }
    }
}
