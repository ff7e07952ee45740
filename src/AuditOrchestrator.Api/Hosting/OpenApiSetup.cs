using System.Text.Json.Nodes;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Engine.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace AuditOrchestrator.Api.Hosting;

public static class OpenApiSetup
{
    public const string RequiredRoleExtension = "x-required-role";

    /// <summary>
    /// The OpenAPI document at /openapi/v1.json, from which the admin UI's API types are generated: each operation
    /// names the least role it needs, and every error answer is described as the problem details it is.
    /// </summary>
    public static IServiceCollection AddOrchestratorOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddOperationTransformer(async (operation, context, ct) =>
            {
                var required = context.Description.ActionDescriptor.EndpointMetadata.OfType<RequiredRole>().LastOrDefault();
                if (required is not null)
                {
                    operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                    operation.Extensions[RequiredRoleExtension] = new JsonNodeExtension(JsonValue.Create(RoleNames.ToName(required.Role)));
                }
                operation.Responses ??= [];
                if (!operation.Responses.ContainsKey("default"))
                {
                    operation.Responses["default"] = new OpenApiResponse
                    {
                        Description = "An error, as problem details.",
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["application/problem+json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, ct) },
                        },
                    };
                }
            });
            // The service writes numbers as numbers; that it also reads them from strings is no part of the answers' shape.
            o.AddSchemaTransformer((schema, _, _) =>
            {
                if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String) && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
                {
                    schema.Type = type & ~JsonSchemaType.String;
                    schema.Pattern = null;
                }
                return Task.CompletedTask;
            });
            o.AddSchemaTransformer(OpenApiStateNames.Apply);
        });
}
