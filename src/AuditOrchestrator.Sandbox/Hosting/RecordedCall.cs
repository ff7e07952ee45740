using Microsoft.AspNetCore.Http;
namespace AuditOrchestrator.Sandbox.Hosting;

/// <summary>
/// One request a fake vendor received. Authorization is never recorded, only whether it was accepted,
/// so call records can be printed by tests without leaking a token.
/// </summary>
public sealed record RecordedCall(
    string Method,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    int StatusCode,
    bool Authorized,
    DateTimeOffset At)
{
    public bool IsWrite => !HttpMethods.IsGet(Method) && !HttpMethods.IsHead(Method) && !HttpMethods.IsOptions(Method);

    public override string ToString() => $"{Method} {PathAndQuery} -> {StatusCode}";
}
