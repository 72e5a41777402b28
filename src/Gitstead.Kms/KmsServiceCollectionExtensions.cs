using Gitstead.Kms.Envelope;
using Gitstead.Kms.RootKeys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gitstead.Kms;

public static class KmsServiceCollectionExtensions
{
    public static IServiceCollection AddKms(this IServiceCollection services)
    {
        services.AddOptions<RootKeyOptions>().BindConfiguration(RootKeyOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ServerKeys>();
        services.TryAddSingleton<EnvelopeEncryption>();
        services.TryAddSingleton<SecretHasher>();
        services.TryAddSingleton<RootKeyRotation>();
        return services;
    }
}
