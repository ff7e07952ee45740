using AuditOrchestrator.Audits.SupportTeam;
using AuditOrchestrator.Vendors.GitLab;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Audits.GitLab;

public static class GitLabTeamSourceRegistration
{
    /// <summary>
    /// The <c>gitlab:</c> kind of <c>SupportTeam__Source</c> (<c>gitlab:&lt;project&gt;:&lt;path&gt;@&lt;ref&gt;</c>),
    /// read through the <see cref="GitLabClient"/> that <see cref="GitLabServiceCollectionExtensions.AddGitLab"/> registers.
    /// </summary>
    public static IServiceCollection AddGitLabTeamSource(this IServiceCollection services)
    {
        services.AddSingleton<TeamSourceFactory>(sp => source => GitLabTeamFiles.FromSource(source, sp.GetRequiredService<GitLabClient>));
        return services;
    }
}
