using Microsoft.AspNetCore.Http;
using System.Globalization;
using System.Text.Json;

namespace AuditOrchestrator.Sandbox.GitLab;

/// <summary>
/// A request's parameters as GitLab reads them: from the query string, a JSON body or a form body, alike.
/// </summary>
internal sealed class FakeGitLabRequest
{
    private readonly Dictionary<string, JsonElement> json;
    private readonly IQueryCollection query;
    private readonly IFormCollection? form;

    private FakeGitLabRequest(Dictionary<string, JsonElement> json, IQueryCollection query, IFormCollection? form)
    {
        this.json = json;
        this.query = query;
        this.form = form;
    }

    public static async Task<FakeGitLabRequest> ReadAsync(HttpRequest request)
    {
        var json = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        IFormCollection? form = null;
        if (request.HasJsonContentType())
        {
            request.Body.Position = 0;
            try
            {
                using var document = await JsonDocument.ParseAsync(request.Body);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        json[property.Name] = property.Value.Clone();
                    }
                }
            }
            catch (JsonException)
            {
                throw new FakeGitLabException(StatusCodes.Status400BadRequest, "400 Bad request - malformed JSON");
            }
        }
        else if (request.HasFormContentType)
        {
            form = await request.ReadFormAsync();
        }

        return new FakeGitLabRequest(json, request.Query, form);
    }

    public string? String(string name)
    {
        if (json.TryGetValue(name, out var value))
        {
            return value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => value.GetRawText(),
            };
        }

        if (form is not null && form.TryGetValue(name, out var formValue))
        {
            return formValue.ToString();
        }

        return query.TryGetValue(name, out var queryValue) ? queryValue.ToString() : null;
    }

    public bool? Bool(string name) => String(name)?.ToUpperInvariant() switch
    {
        null => null,
        "TRUE" or "1" => true,
        "FALSE" or "0" => false,
        _ => throw new FakeGitLabException(StatusCodes.Status400BadRequest, $"{name} is invalid"),
    };

    public long? Long(string name) =>
        String(name) is { } text
            ? long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new FakeGitLabException(StatusCodes.Status400BadRequest, $"{name} is invalid")
            : null;

    /// <summary>A comma-separated list ("a,b") or a JSON array; null when absent.</summary>
    public IReadOnlyList<string>? List(string name)
    {
        if (json.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Array)
        {
            return [.. value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())];
        }

        var text = String(name) ?? (query.TryGetValue(name + "[]", out var arrayValue) ? string.Join(',', arrayValue.ToArray()) : null);
        return text?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public IReadOnlyList<long>? Longs(string name) =>
        List(name)?.Select(v => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new FakeGitLabException(StatusCodes.Status400BadRequest, $"{name} is invalid")).ToList();
}
