using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AuditOrchestrator.Sandbox.GitLab;

/// <summary>GET /user (the token's own user) and GET /projects/{id} (a project the token's user is a member of).</summary>
public sealed partial class FakeGitLab
{
    private void MapIdentity(RouteGroupBuilder api)
    {
        api.MapGet("/user", (HttpContext c) => Api(c, (_, actor) => Ok(UserShape(actor))));
        api.MapGet("/projects/{id}", (HttpContext c) => Api(c, (_, actor) =>
        {
            var p = ProjectFor(actor, Route(c, "id"));
            return Ok(new { id = p.Id, path_with_namespace = p.PathWithNamespace, default_branch = p.DefaultBranch, web_url = WebUrl(p) });
        }));
    }
}
