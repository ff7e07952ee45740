using AuditOrchestrator.Engine.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace AuditOrchestrator.Engine.Runtime;

/// <summary>An activity that declares its own descriptor (its settings and outcomes) on its class.</summary>
public interface IDescribedActivity : IActivity
{
    static abstract ActivityDescriptor Descriptor { get; }
}

public static class ActivityRegistration
{
    /// <summary>
    /// Registers an activity and its descriptor together; the definitions' registry (and the designer's palette) lists
    /// the descriptors in registration order.
    /// </summary>
    public static IServiceCollection AddActivity<TActivity>(this IServiceCollection services)
        where TActivity : class, IDescribedActivity
    {
        services.AddSingleton(TActivity.Descriptor);
        services.AddSingleton<IActivity, TActivity>();
        return services;
    }
}
