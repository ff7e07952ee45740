using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using AuditOrchestrator.Vendors.Http;

namespace AuditOrchestrator.Vendors.GitLab;

public static class GitLabServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GitLabClient"/> (typed HttpClient behind the shared vendor resilience, named "GitLab"),
    /// its options from the <c>GitLab</c> section, and the note pacer.
    /// </summary>
    public static IServiceCollection AddGitLab(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<GitLabOptions>().Bind(configuration.GetSection(GitLabOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new GitLabNotePacer(new RequestPacer(
            sp.GetRequiredService<IOptions<GitLabOptions>>().Value.NotesPerMinute, VendorResilience.VendorTime(sp), SharedBudget(sp, NotesBudget))));
        services.TryAddSingleton<GitLabSelf>();
        services.TryAddSingleton(sp => new IssueVisibilityReads(VendorResilience.VendorTime(sp)));
        services.AddHttpClient<GitLabClient>((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<GitLabOptions>>().Value;
                http.BaseAddress = ApiRoot(options.BaseUrl);
                http.DefaultRequestHeaders.UserAgent.ParseAdd("AuditOrchestrator");
                GitLabAuth.Apply(http.DefaultRequestHeaders, options);
            })
            .AddVendorResilience(GitLabClient.Vendor, RateLimitHeaders.GitLabReset)
            .AddRequestPacing(GitLabClient.Vendor,
                sp => sp.GetRequiredService<IOptions<GitLabOptions>>().Value.RequestsPerMinute is > 0 and var perMinute ? perMinute : double.PositiveInfinity,
                sp => SharedBudget(sp, RequestsBudget), RateLimitHeaders.GitLabPause);
        return services;
    }

    /// <summary>The names of GitLab's budgets in <c>vendor_request_budgets</c>.</summary>
    public const string RequestsBudget = "gitlab:requests";
    public const string NotesBudget = "gitlab:notes";

    // Shared through the database where the host has one (the service); a tool without one paces on its own.
    private static SharedRequestBudget? SharedBudget(IServiceProvider services, string name) =>
        services.GetService<NpgsqlDataSource>() is { } dataSource ? new SharedRequestBudget(dataSource, name) : null;

    /// <summary>https://gitlab.example.com → https://gitlab.example.com/api/v4/ (a path prefix is kept).</summary>
    public static Uri ApiRoot(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri)
        {
            throw new InvalidOperationException("GitLab__BaseUrl must be an absolute URL, e.g. https://gitlab.com.");
        }

        return new Uri(baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/api/v4/");
    }
}
