using System.Diagnostics;
using AuditOrchestrator.Engine.Telemetry;
using System.Globalization;
using System.Net;
using Polly;
using Polly.Timeout;

namespace AuditOrchestrator.Integrations.Http;

/// <summary>Runs each request through the vendor's retry pipeline and turns a final failure into <see cref="VendorApiException"/>.</summary>
public sealed class VendorResilienceHandler(string vendor, VendorResilienceOptions options, ResiliencePipeline<HttpResponseMessage> pipeline)
    : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var span = OrchestratorTelemetry.Source.StartActivity($"{vendor} {request.Method}", ActivityKind.Client);
        span?.SetTag("vendor", vendor);
        span?.SetTag("http.request.method", request.Method.Method);
        span?.SetTag("url.path", request.RequestUri?.AbsolutePath);
        var attempts = 0;
        HttpResponseMessage response;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(VendorResilience.RepeatableRequest, VendorResilience.IsRepeatable(request));
        try
        {
            response = await pipeline.ExecuteAsync(async (ctx, _) =>
            {
                if (++attempts > 1)
                {
                    OrchestratorTelemetry.VendorRetries.Add(1, OrchestratorTelemetry.Tags("vendor", vendor));
                }
                return await base.SendAsync(request, ctx.CancellationToken);
            }, context, 0);
        }
        catch (Exception e) when (e is TimeoutRejectedException or HttpRequestException)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            OrchestratorTelemetry.VendorCalls.Add(1, OrchestratorTelemetry.Tags("vendor", vendor, "status", "error"));
            throw Unreachable(request, attempts, e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        span?.SetTag("http.response.status_code", (int)response.StatusCode);
        span?.SetTag("attempts", attempts);
        OrchestratorTelemetry.VendorCalls.Add(1, OrchestratorTelemetry.Tags("vendor", vendor, "status", ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)));
        return Checked(request, response, attempts);
    }

    private VendorApiException Unreachable(HttpRequestMessage request, int attempts, Exception error)
    {
        if (error is TimeoutRejectedException e)
        {
            return new VendorApiException(vendor, null,
                string.Create(CultureInfo.InvariantCulture, $"{request.Method} {request.RequestUri?.AbsolutePath} timed out ({attempts} attempts)"), e);
        }
        var unreachable = (HttpRequestException)error;
        return new VendorApiException(vendor, null,
            string.Create(CultureInfo.InvariantCulture, $"{request.Method} {request.RequestUri?.AbsolutePath} could not reach the API ({attempts} attempts): {unreachable.HttpRequestError}"), unreachable);
    }

    private HttpResponseMessage Checked(HttpRequestMessage request, HttpResponseMessage response, int attempts)
    {
        if (VendorResilience.IsTransient(response.StatusCode))
        {
            var status = response.StatusCode;
            response.Dispose();
            var why = status == HttpStatusCode.TooManyRequests
                ? $"still rate limited after {attempts} attempts (waits of up to {options.MaxRateLimitWait} are honoured)"
                : VendorResilience.IsRepeatable(request)
                    ? $"still failing after {attempts} attempts"
                    : $"failed after {attempts} attempts; not repeated here, as the vendor may have applied it";
            throw new VendorApiException(vendor, status,
                string.Create(CultureInfo.InvariantCulture, $"{request.Method} {request.RequestUri?.AbsolutePath} {why}"));
        }

        return response;
    }
}
