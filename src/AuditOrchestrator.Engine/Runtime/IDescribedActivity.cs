using AuditOrchestrator.Engine.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>An activity that declares its own descriptor (its settings and outcomes) on its class.</summary>
public interface IDescribedActivity : IActivity
{
    static abstract ActivityDescriptor Descriptor { get; }
}

/// <summary>
/// Registers each activity together with its descriptor; the definitions' registry (and the designer's palette) lists
/// the descriptors in registration order.
/// </summary>
public static class ActivityRegistration
{
    public static IServiceCollection AddActivity<TActivity>(this IServiceCollection services)
        where TActivity : class, IDescribedActivity
    {
        services.AddSingleton(TActivity.Descriptor);
        services.AddSingleton<IActivity, TActivity>();
        return services;
    }

    /// <summary>An activity whose descriptor depends on what else is registered (e.g. which audits exist).</summary>
    public static IServiceCollection AddActivity<TActivity>(this IServiceCollection services, Func<IServiceProvider, ActivityDescriptor> describe)
        where TActivity : class, IActivity
    {
        services.AddSingleton(describe);
        services.AddSingleton<IActivity, TActivity>();
        return services;
    }

    /// <summary>
    /// The same implementation under a second name with its own descriptor, so definitions that used that name still
    /// run. The activity takes its name as a constructor argument.
    /// </summary>
    public static IServiceCollection AddActivityAlias<TActivity>(this IServiceCollection services, ActivityDescriptor alias)
        where TActivity : class, IActivity
    {
        ArgumentNullException.ThrowIfNull(alias);
        services.AddSingleton(alias);
        services.AddSingleton<IActivity>(sp => ActivatorUtilities.CreateInstance<TActivity>(sp, alias.Name));
        return services;
    }
}
