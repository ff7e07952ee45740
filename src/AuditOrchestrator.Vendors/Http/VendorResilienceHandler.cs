using AuditOrchestrator.Engine.Telemetry;
using System.Globalization;
using System.Net;
using Polly;
using Polly.Timeout;

namespace AuditOrchestrator.Vendors.Http;

/// <summary>Runs each request through the vendor's retry pipeline and turns a final failure into <see cref="VendorApiException"/>.</summary>
public sealed class VendorResilienceHandler(string vendor, VendorResilienceOptions options, ResiliencePipeline<HttpResponseMessage> pipeline)
    : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<string> VendorOption = new("auditorchestrator.vendor");
    public static readonly HttpRequestOptionsKey<int> AttemptOption = new("auditorchestrator.vendor.attempt");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Each attempt is an HTTP client span of its own (the HttpClient instrumentation); these name its vendor and attempt.
        request.Options.Set(VendorOption, vendor);
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
                request.Options.Set(AttemptOption, attempts);
                return await base.SendAsync(request, ctx.CancellationToken);
            }, context, 0);
        }
        catch (Exception e) when (e is TimeoutRejectedException or HttpRequestException)
        {
            OrchestratorTelemetry.VendorCalls.Add(1, OrchestratorTelemetry.Tags("vendor", vendor, "status", "error"));
            throw Unreachable(request, attempts, e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

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
