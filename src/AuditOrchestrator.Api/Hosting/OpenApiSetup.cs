using System.Text.Json.Nodes;
using AuditOrchestrator.Api.Auth;
using AuditOrchestrator.Engine.Security;
using Microsoft.OpenApi;

namespace AuditOrchestrator.Api.Hosting;

public static class OpenApiSetup
{
    public const string RequiredRoleExtension = "x-required-role";

    /// <summary>The OpenAPI document at /openapi/v1.json; each operation names the least role it needs.</summary>
    public static IServiceCollection AddOrchestratorOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o => o.AddOperationTransformer((operation, context, _) =>
        {
            var required = context.Description.ActionDescriptor.EndpointMetadata.OfType<RequiredRole>().LastOrDefault();
            if (required is not null)
            {
                operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                operation.Extensions[RequiredRoleExtension] = new JsonNodeExtension(JsonValue.Create(RoleNames.ToName(required.Role)));
            }
            return Task.CompletedTask;
        }));
}
