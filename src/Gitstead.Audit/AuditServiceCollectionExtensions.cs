using Gitstead.Audit.Api;
using Gitstead.Aws;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gitstead.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// Registers the audit trail (<see cref="IAuditTrail"/>: a queue and the writer that stores
    /// it in batches), the retention sweep, and CloudTrail's LookupEvents.
    /// </summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AuditQueue>();
        services.Replace(ServiceDescriptor.Singleton<IAuditTrail>(sp => sp.GetRequiredService<AuditQueue>()));
        services.TryAddSingleton<AuditStore>();
        services.TryAddSingleton<AuditWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditWriter>());
        services.AddHostedService<AuditRetentionSweep>();
        services.TryAddSingleton<LookupEventsApi>();
        services.AddSingleton<AwsServiceDefinition>(sp => CloudTrailOperations.Create(sp.GetRequiredService<LookupEventsApi>()));
        return services;
    }
}
