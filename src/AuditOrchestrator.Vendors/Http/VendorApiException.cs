using System.Net;

namespace AuditOrchestrator.Vendors.Http;

/// <summary>
/// A vendor API call that failed for good (after the retry budget, or with a status that retrying cannot fix).
/// The message never carries a token: it is built from the vendor name, the status and our own words.
/// </summary>
public sealed class VendorApiException : Exception
{
    public VendorApiException(string vendor, HttpStatusCode? status, string message, Exception? innerException = null)
        : base($"{vendor}: {message}" + (status is { } s ? $" (HTTP {(int)s})" : ""), innerException)
    {
        Vendor = vendor;
        Status = status;
    }

    public string Vendor { get; }

    /// <summary>The last HTTP status seen, or null when the vendor could not be reached at all.</summary>
    public HttpStatusCode? Status { get; }
}
