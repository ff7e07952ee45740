using System.Security.Claims;
using System.Text.Json;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Engine.Activities;
using AuditOrchestrator.Engine.Definitions;
using AuditOrchestrator.Engine.Security;
using AuditOrchestrator.Engine.Versions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AuditOrchestrator.Api.Definitions;

/// <summary>
/// The designer's side of /api/definitions: validate and export what is being edited, save it as a draft or publish
/// it as a new version, import YAML, and compare two versions. Viewers read; admins write.
/// </summary>
public static class DesignerApi
{
    public sealed record FieldError(string Field, string Message);
    public sealed record ValidationResult(IReadOnlyList<FieldError> Errors);
    public sealed record ExportResult(string Format, string Text);
    public sealed record SaveVersion(string? Status, JsonElement Definition);
    public sealed record ImportYaml(string? Yaml, string? Status);
    public sealed record SavedVersion(string DefinitionId, int Version, string Status);

    public static void MapDesigner(this RouteGroupBuilder api)
    {
        var definitions = api.MapGroup("/definitions").WithTags("Definitions");
        definitions.MapPost("/validate", Validate).RequireRole(Role.Viewer);
        definitions.MapPost("/export", Export).RequireRole(Role.Viewer);
        definitions.MapGet("/{id}/diff", DiffAsync).RequireRole(Role.Viewer);
        definitions.MapPost("/{id}/versions", SaveAsync).RequireRole(Role.Admin);
        definitions.MapPost("/import", ImportAsync).RequireRole(Role.Admin);
    }

    private static Ok<ValidationResult> Validate(JsonElement body, ActivityRegistry registry)
    {
        Read(body, registry, out var errors);
        return TypedResults.Ok(new ValidationResult(errors));
    }

    private static Results<Ok<ExportResult>, ValidationProblem> Export(JsonElement body, ActivityRegistry registry, string format = "yaml")
    {
        var definition = Read(body, registry, out var errors);
        if (definition is null || format is not ("yaml" or "mermaid"))
        {
            return TypedResults.ValidationProblem(definition is null ? Problems(errors) : new() { ["format"] = ["Expected yaml or mermaid."] });
        }
        var withDefaults = definition.WithDefaults(registry);
        return TypedResults.Ok(new ExportResult(format, format == "yaml" ? YamlExporter.Export(withDefaults, registry) : MermaidExporter.Export(withDefaults)));
    }

    private static async Task<Results<Created<SavedVersion>, ValidationProblem>> SaveAsync(
        string id, SaveVersion request, ActivityRegistry registry, DesignerVersions versions, ClaimsPrincipal user, CancellationToken ct)
    {
        if (request.Status is not ("draft" or "published"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Expected draft or published."] });
        }
        var definition = Read(request.Definition, registry, out var errors);
        if (definition is not null && definition.Id != id)
        {
            errors = [new FieldError("id", $"The definition's id '{definition.Id}' is not '{id}' of the route.")];
            definition = null;
        }
        if (definition is null)
        {
            return TypedResults.ValidationProblem(Problems(errors));
        }
        return await StoreAsync(definition.WithDefaults(registry), VersionStatusNames.Parse(request.Status), versions, user, ct);
    }

    private static async Task<Results<Created<SavedVersion>, ValidationProblem>> ImportAsync(
        ImportYaml request, ActivityRegistry registry, DesignerVersions versions, ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Yaml))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["yaml"] = ["Paste or upload a definition file."] });
        }
        if (request.Status is not (null or "draft" or "published"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Expected draft or published."] });
        }
        var parsed = DefinitionParser.Parse("import.yaml", request.Yaml, registry);
        if (!parsed.IsValid)
        {
            return TypedResults.ValidationProblem(parsed.Errors
                .GroupBy(e => e.Field)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Line > 0 ? $"line {e.Line}: {e.Message}" : e.Message).ToArray()));
        }
        return await StoreAsync(parsed.Definition, VersionStatusNames.Parse(request.Status ?? "draft"), versions, user, ct);
    }

    private static async Task<Results<Ok<DefinitionDiff>, ProblemHttpResult>> DiffAsync(
        string id, int from, int to, DesignerVersions versions, CancellationToken ct)
    {
        var before = await versions.FindAsync(id, from, ct);
        var after = await versions.FindAsync(id, to, ct);
        if (before is null || after is null)
        {
            return TypedResults.Problem($"Definition '{id}' has no version {(before is null ? from : to)}.", statusCode: StatusCodes.Status404NotFound);
        }
        return TypedResults.Ok(DefinitionDiff.Compare(DefinitionJson.Deserialize(before.DefinitionJson), from, DefinitionJson.Deserialize(after.DefinitionJson), to));
    }

    private static async Task<Results<Created<SavedVersion>, ValidationProblem>> StoreAsync(
        WorkflowDefinition definition, VersionStatus status, DesignerVersions versions, ClaimsPrincipal user, CancellationToken ct)
    {
        var stored = await versions.AddAsync(definition, status, user.Actor(), ct);
        return TypedResults.Created(
            $"/api/definitions/{stored.DefinitionId}/versions/{stored.Version}",
            new SavedVersion(stored.DefinitionId, stored.Version, VersionStatusNames.ToName(stored.Status)));
    }

    /// <summary>
    /// The designer's JSON as a definition, held to the same rules as a file. Shape errors (a value that does not fit
    /// its type, a missing field) stop there; otherwise every rule error is reported, each naming its field.
    /// </summary>
    private static WorkflowDefinition? Read(JsonElement body, ActivityRegistry registry, out IReadOnlyList<FieldError> errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors = [new FieldError("definition", "Expected a definition object.")];
            return null;
        }
        WorkflowDefinition definition;
        try
        {
            var dto = body.Deserialize<DefinitionDto>(DefinitionJson.Options) ?? throw new JsonException("Expected a definition object.");
            definition = DefinitionJson.FromDto(dto);
        }
        catch (JsonException e)
        {
            errors = [ShapeError(e)];
            return null;
        }
        errors = [.. DefinitionValidator.Validate(definition, registry).Select(e => new FieldError(e.Field, e.Message))];
        return errors.Count == 0 ? definition : null;
    }

    // DefinitionJson says "steps[2].settings.wait: …"; System.Text.Json gives a path ("$.steps[2].id") instead.
    private static FieldError ShapeError(JsonException e)
    {
        var message = e.Message;
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0 && message.StartsWith("steps[", StringComparison.Ordinal))
        {
            return new FieldError(message[..colon], message[(colon + 2)..]);
        }
        var field = e.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : "definition";
        return new FieldError(field, message);
    }

    private static Dictionary<string, string[]> Problems(IReadOnlyList<FieldError> errors) =>
        errors.GroupBy(e => e.Field.Length == 0 ? "definition" : e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
}
