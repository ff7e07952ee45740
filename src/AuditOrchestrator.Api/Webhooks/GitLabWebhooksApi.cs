using System.Diagnostics;
using AuditOrchestrator.Engine.Telemetry;
using System.Security.Cryptography;
using System.Text;
using AuditOrchestrator.Audits.GitLab.Webhooks;
using AuditOrchestrator.Vendors.GitLab;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace AuditOrchestrator.Api.Webhooks;

/// <summary>
/// <c>POST /webhooks/gitlab</c>: guarded by the webhook secret (not by a role), size-limited, stored first and answered
/// at once; <see cref="WebhookProcessor"/> turns stored deliveries into signals afterwards.
/// </summary>
public static class GitLabWebhooksApi
{
    public const string Route = "/webhooks/gitlab";

    public sealed record WebhookAnswer(string Status);

    public static void MapGitLabWebhooks(this IEndpointRouteBuilder routes) =>
        routes.MapPost(Route, ReceiveAsync).AllowAnonymous().WithTags("Webhooks");

    private static async Task<IResult> ReceiveAsync(
        HttpContext context,
        IOptions<GitLabOptions> gitLab,
        IOptions<WebhookOptions> options,
        WebhookDeliveries deliveries,
        AuditIssues auditIssues,
        WebhookProcessor processor,
        CancellationToken ct)
    {
        var (result, outcome) = await ReceiveCountedAsync(context, gitLab, options, deliveries, auditIssues, processor, ct);
        // On the request's own server span: processing after the 200 continues its trace through the stored delivery.
        Activity.Current?.SetTag("webhook.outcome", outcome);
        OrchestratorTelemetry.WebhookDeliveries.Add(1, OrchestratorTelemetry.Tags("outcome", outcome));
        return result;
    }

    private static async Task<(IResult Result, string Outcome)> ReceiveCountedAsync(
        HttpContext context,
        IOptions<GitLabOptions> gitLab,
        IOptions<WebhookOptions> options,
        WebhookDeliveries deliveries,
        AuditIssues auditIssues,
        WebhookProcessor processor,
        CancellationToken ct)
    {
        var request = context.Request;
        if (!GitLabWebhookEvent.SecretMatches(request.Headers["X-Gitlab-Token"], gitLab.Value.WebhookSecret))
        {
            return (TypedResults.Unauthorized(), "unauthorized");
        }

        var body = await ReadLimitedAsync(context, options.Value.MaxBodyBytes, ct);
        if (body is null)
        {
            return (TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge), "too-large");
        }

        string eventType = request.Headers["X-Gitlab-Event"].ToString();
        GitLabHook hook;
        try
        {
            hook = GitLabHook.Parse(eventType, body);
        }
        catch (FormatException)
        {
            return (TypedResults.BadRequest(new WebhookAnswer("malformed JSON")), "malformed");
        }

        if (hook.Event.Kind == GitLabWebhookKind.Other)
        {
            return (TypedResults.Ok(new WebhookAnswer("ignored")), "ignored");
        }

        // Checked again when processing; refusing here keeps other issues' traffic out of the table.
        if (hook.Event is not { ProjectId: { } project, IssueIid: { } iid } || !await auditIssues.IsOwnedAsync(project, iid, ct))
        {
            return (TypedResults.Ok(new WebhookAnswer("ignored")), "ignored");
        }

        if (!await deliveries.StoreAsync(DeliveryKey(request.Headers, eventType, body), eventType, project, iid, body, ct, Activity.Current?.Id))
        {
            return (TypedResults.Ok(new WebhookAnswer("duplicate")), "duplicate");
        }

        processor.Wake();
        return (TypedResults.Ok(new WebhookAnswer("accepted")), "accepted");
    }

    /// <summary>GitLab's Idempotency-Key (kept across retries and resends), else the event UUID, else the content.</summary>
    public static string DeliveryKey(IHeaderDictionary headers, string eventType, string body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        foreach (var header in (string[])["Idempotency-Key", "X-Gitlab-Event-UUID"])
        {
            if (headers[header].ToString().Trim() is { Length: > 0 } value)
            {
                return value;
            }
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventType + "\n" + body)));
    }

    /// <summary>The body as text, or null when it is larger than <paramref name="max"/> (by its Content-Length or by counting: a chunked body has none).</summary>
    private static async Task<string?> ReadLimitedAsync(HttpContext context, long max, CancellationToken ct)
    {
        if (context.Request.ContentLength > max)
        {
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > max)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
