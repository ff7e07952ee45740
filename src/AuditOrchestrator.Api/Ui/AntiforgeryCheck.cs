using Microsoft.AspNetCore.Antiforgery;

namespace AuditOrchestrator.Api.Ui;

/// <summary>
/// Cookie sessions ride along on any request the browser sends, so every mutating request that relies on the cookie
/// must also carry the antiforgery token from <c>/auth/me</c> in a header another site cannot set. Bearer-token
/// callers are not at risk (a browser never adds that header by itself) and are left alone.
/// </summary>
public static class AntiforgeryCheck
{
    public const string HeaderName = "X-XSRF-TOKEN";

    public static bool Applies(HttpRequest request) =>
        !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        && request.Headers.Authorization.Count == 0
        && (request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/auth"));

    public static IApplicationBuilder UseAntiforgeryForSessions(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (Applies(context.Request))
            {
                try
                {
                    await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
                }
                catch (AntiforgeryValidationException)
                {
                    await Results.Problem(
                        "A signed-in browser request must carry the antiforgery token (X-XSRF-TOKEN); reload the page and try again.",
                        statusCode: StatusCodes.Status400BadRequest, title: "Antiforgery token missing or invalid").ExecuteAsync(context);
                    return;
                }
            }
            await next(context);
        });
}
