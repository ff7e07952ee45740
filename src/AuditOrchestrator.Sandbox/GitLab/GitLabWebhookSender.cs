using Microsoft.AspNetCore.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace AuditOrchestrator.Sandbox.GitLab;

public enum WebhookOutcome
{
    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>The receiver answered otherwise, or could not be reached.</summary>
    Failed,

    /// <summary>Not sent: deliveries were switched off (a lost or disabled webhook).</summary>
    Dropped,
}

/// <summary>One webhook event and what became of it.</summary>
public sealed record WebhookDelivery(
    string Event,
    string EventUuid,
    string IdempotencyKey,
    string Body,
    WebhookOutcome Outcome,
    int? StatusCode,
    DateTimeOffset At)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public override string ToString() => $"{Event} {EventUuid} {Outcome} {StatusCode}";
}

/// <summary>
/// Sends the simulated GitLab's webhooks one at a time, in the order the changes happened, with GitLab's headers
/// (<c>X-Gitlab-Event</c>, <c>X-Gitlab-Token</c>, <c>X-Gitlab-Event-UUID</c>, <c>Idempotency-Key</c>, …). Like GitLab it
/// does not retry a failed delivery; <see cref="RedeliverAsync"/> resends one with the same Idempotency-Key.
/// </summary>
public sealed class GitLabWebhookSender : IAsyncDisposable
{
    private static readonly JsonSerializerOptions PayloadJson = new() { WriteIndented = false };

    private readonly Lock gate = new();
    private readonly List<WebhookDelivery> deliveries = [];
    private readonly Channel<PendingHook> queue = Channel.CreateUnbounded<PendingHook>(new() { SingleReader = true });
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly TimeProvider time;
    private readonly Task loop;
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GitLabWebhookSender(TimeProvider time)
    {
        this.time = time;
        loop = Task.Run(RunAsync);
    }

    /// <summary>The receiver, e.g. http://127.0.0.1:5000/webhooks/gitlab; no events are sent (or recorded) while null.</summary>
    public Uri? Url { get; set; }

    /// <summary>Sent as X-Gitlab-Token.</summary>
    public string Secret { get; set; } = "";

    /// <summary>While true, events are recorded as <see cref="WebhookOutcome.Dropped"/> and not sent.</summary>
    public bool DropDeliveries { get; set; }

    public IReadOnlyList<WebhookDelivery> Deliveries
    {
        get
        {
            lock (gate)
            {
                return [.. deliveries];
            }
        }
    }

    public void Configure(Uri url, string secret)
    {
        Url = url;
        Secret = secret;
    }

    /// <summary>Waits until a delivery (sent, failed or dropped) matches; throws TimeoutException with what was seen.</summary>
    public async Task<WebhookDelivery> WaitForAsync(Func<WebhookDelivery, bool> match, TimeSpan? timeout = null)
    {
        var all = await WaitForCountAsync(match, 1, timeout);
        return all[0];
    }

    /// <summary>Waits until at least <paramref name="count"/> deliveries match; returns them in order.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> WaitForCountAsync(Func<WebhookDelivery, bool> match, int count, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            Task signal;
            lock (gate)
            {
                var found = deliveries.Where(match).ToList();
                if (found.Count >= count)
                {
                    return found;
                }

                signal = changed.Task;
            }

            try
            {
                await signal.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"Expected {count} matching webhook deliveries; seen: [{string.Join(", ", Deliveries)}]");
            }
        }
    }

    /// <summary>Sends a recorded event again, with the same Idempotency-Key and a new event UUID, as GitLab's "Resend" does.</summary>
    public Task RedeliverAsync(WebhookDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return queue.Writer.WriteAsync(new PendingHook(delivery.Event, delivery.Body, delivery.IdempotencyKey)).AsTask();
    }

    internal void Enqueue(string eventName, object payload)
    {
        if (Url is null)
        {
            return;
        }

        var body = JsonSerializer.Serialize(payload, PayloadJson);
        queue.Writer.TryWrite(new PendingHook(eventName, body, Guid.NewGuid().ToString()));
    }

    private async Task RunAsync()
    {
        await foreach (var hook in queue.Reader.ReadAllAsync())
        {
            var uuid = Guid.NewGuid().ToString();
            var url = Url;
            if (DropDeliveries || url is null)
            {
                Record(new WebhookDelivery(hook.Event, uuid, hook.IdempotencyKey, hook.Body, WebhookOutcome.Dropped, null, time.GetUtcNow()));
                continue;
            }

            int? status = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = new StringContent(hook.Body, Encoding.UTF8, "application/json"),
                };
                request.Headers.UserAgent.ParseAdd("GitLab/18.6.0");
                request.Headers.Add("X-Gitlab-Event", hook.Event);
                request.Headers.Add("X-Gitlab-Token", Secret);
                request.Headers.Add("X-Gitlab-Event-UUID", uuid);
                request.Headers.Add("X-Gitlab-Webhook-UUID", WebhookUuid);
                request.Headers.Add("X-Gitlab-Instance", $"{url.Scheme}://{url.Authority}");
                request.Headers.Add("Idempotency-Key", hook.IdempotencyKey);
                using var response = await http.SendAsync(request);
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            var outcome = status is >= 200 and < 300 ? WebhookOutcome.Delivered : WebhookOutcome.Failed;
            Record(new WebhookDelivery(hook.Event, uuid, hook.IdempotencyKey, hook.Body, outcome, status, time.GetUtcNow()));
        }
    }

    private static readonly string WebhookUuid = Guid.NewGuid().ToString();

    private void Record(WebhookDelivery delivery)
    {
        TaskCompletionSource previous;
        lock (gate)
        {
            deliveries.Add(delivery);
            previous = changed;
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop;
        http.Dispose();
    }

    private sealed record PendingHook(string Event, string Body, string IdempotencyKey);
}
