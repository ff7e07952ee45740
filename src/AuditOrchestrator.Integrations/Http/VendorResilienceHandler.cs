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
        var attempts = 0;
        HttpResponseMessage response;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(VendorResilience.RepeatableRequest, VendorResilience.IsRepeatable(request));
        try
        {
            response = await pipeline.ExecuteAsync(async (ctx, _) =>
            {
                attempts++;
                return await base.SendAsync(request, ctx.CancellationToken);
            }, context, 0);
        }
        catch (TimeoutRejectedException e)
        {
            throw new VendorApiException(vendor, null,
                string.Create(CultureInfo.InvariantCulture, $"{request.Method} {request.RequestUri?.AbsolutePath} timed out ({attempts} attempts)"), e);
        }
        catch (HttpRequestException e)
        {
            throw new VendorApiException(vendor, null,
                string.Create(CultureInfo.InvariantCulture, $"{request.Method} {request.RequestUri?.AbsolutePath} could not reach the API ({attempts} attempts): {e.HttpRequestError}"), e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

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
