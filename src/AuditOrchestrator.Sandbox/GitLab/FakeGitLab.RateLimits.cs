using System.Text.RegularExpressions;
using AuditOrchestrator.Sandbox.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AuditOrchestrator.Sandbox.GitLab;

/// <summary>
/// GitLab's own rate limits, each off until set: the authenticated API request limit (all /api/v4 requests of a user;
/// 2,000 a minute on GitLab.com) and the note-creation limit (notes and threads a user creates; 300 a minute by default
/// on self-managed). Both count in fixed windows per user, as GitLab does, and are answered with 429 and Retry-After.
/// </summary>
public sealed partial class FakeGitLab
{
    /// <summary>The per-user limit on every API request, or null (the default) for none.</summary>
    public FixedWindowLimiter? RequestLimit { get; private set; }

    /// <summary>The per-user limit on creating notes and threads, or null (the default) for none.</summary>
    public FixedWindowLimiter? NoteLimit { get; private set; }

    public void LimitRequestsTo(int perWindow, TimeSpan window) => RequestLimit = new FixedWindowLimiter(perWindow, window, Time);

    public void LimitNotesTo(int perWindow, TimeSpan window) => NoteLimit = new FixedWindowLimiter(perWindow, window, Time);

    private void MapRateLimits(WebApplication app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if ((RequestLimit is not null || NoteLimit is not null) && request.Path.StartsWithSegments("/api/v4", StringComparison.Ordinal))
        {
            string? user;
            lock (gate)
            {
                user = ActorOf(request)?.Username;
            }

            if (user is not null)
            {
                var wait = RequestLimit?.TryAdmit(user);
                if (wait is null && HttpMethods.IsPost(request.Method) && CreatesNote().IsMatch(request.Path.Value ?? ""))
                {
                    wait = NoteLimit?.TryAdmit(user);
                }

                if (wait is { } refused)
                {
                    await WriteRateLimitedAsync(context, refused);
                    return;
                }
            }
        }

        await next(context);
    });

    [GeneratedRegex("/issues/[0-9]+/(notes|discussions(/[^/]+/notes)?)$")]
    private static partial Regex CreatesNote();
}
