using Gitstead.Kms.Envelope;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gitstead.Kms;

public static class KmsServiceCollectionExtensions
{
    public static IServiceCollection AddKms(this IServiceCollection services)
    {
        services.TryAddSingleton<ServerKeys>();
        services.TryAddSingleton<EnvelopeEncryption>();
        services.TryAddSingleton<SecretHasher>();
        return services;
    }
}
