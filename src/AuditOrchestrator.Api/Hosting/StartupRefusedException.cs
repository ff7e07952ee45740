namespace AuditOrchestrator.Api.Hosting;

/// <summary>
/// A configuration the service will not start with. The process prints the message as one <c>error:</c> line and
/// exits 1, instead of a stack trace an operator has to read through.
/// </summary>
public sealed class StartupRefusedException(string message) : Exception(message);
