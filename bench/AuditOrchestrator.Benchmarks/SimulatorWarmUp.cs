using AuditOrchestrator.Sandbox.PagerDuty;

namespace AuditOrchestrator.Benchmarks;

/// <summary>
/// The real PagerDuty is warm; a simulator just started is not: its first requests JIT its pipeline, which delays their
/// arrival at its rate limiter and makes the next paced request arrive too early. That cost is the simulator's, not
/// the client's: pay it before measuring. The client stays cold.
/// </summary>
internal static class SimulatorWarmUp
{
    public static async Task RunAsync(FakePagerDuty pagerDuty, string pathAndQuery, int requests)
    {
        using var http = new HttpClient();
        for (var i = 0; i < requests; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{pagerDuty.BaseUrl}{pathAndQuery}");
            request.Headers.TryAddWithoutValidation("Authorization", $"Token token={pagerDuty.Token}");
            using var response = await http.SendAsync(request);
        }
        pagerDuty.ClearCalls();
    }
}
