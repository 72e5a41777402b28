using Gitstead.Aws;
using Gitstead.Kms.Aliases;
using Gitstead.Kms.Api;
using Gitstead.Kms.Crypto;
using Gitstead.Kms.Envelope;
using Gitstead.Kms.KeyPolicies;
using Gitstead.Kms.Keys;
using Gitstead.Kms.RootKeys;
using Gitstead.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gitstead.Kms;

public static class KmsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the server's own secrets (root key, envelope encryption, keyed hashes), the KMS
    /// key service with <see cref="IServiceKeyUse"/> for other services, the sweep that destroys
    /// and rotates keys on time, and the KMS operation table.
    /// </summary>
    public static IServiceCollection AddKms(this IServiceCollection services)
    {
        services.AddOptions<RootKeyOptions>().BindConfiguration(RootKeyOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ServerKeys>();
        services.TryAddSingleton<EnvelopeEncryption>();
        services.TryAddSingleton<SecretHasher>();
        services.AddOptions<KmsOptions>().BindConfiguration(KmsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<KeyMaterials>();
        services.TryAddSingleton<KeyLifecycle>();
        services.TryAddSingleton<KeyAccess>();
        services.TryAddSingleton(sp => new KeyService(
            sp.GetRequiredService<IGitsteadDb>(), sp.GetRequiredService<KeyAccess>(), sp.GetRequiredService<KeyMaterials>(), sp.GetRequiredService<KeyLifecycle>(),
            sp.GetRequiredService<KeyPolicyPrincipals>()));
        services.TryAddSingleton<CryptoService>();
        services.TryAddSingleton<KeyPolicyPrincipals>();
        services.TryAddSingleton(sp => new KeyTagService(sp.GetRequiredService<IGitsteadDb>(), sp.GetRequiredService<KeyAccess>()));
        services.TryAddSingleton(sp => new KeyRotationService(sp.GetRequiredService<IGitsteadDb>(), sp.GetRequiredService<KeyAccess>(), sp.GetRequiredService<KeyLifecycle>()));
        services.TryAddSingleton(sp => new KeyPolicyService(sp.GetRequiredService<IGitsteadDb>(), sp.GetRequiredService<KeyAccess>(), sp.GetRequiredService<KeyPolicyPrincipals>()));
        services.TryAddSingleton(sp => new AliasService(sp.GetRequiredService<IGitsteadDb>(), sp.GetRequiredService<KeyAccess>(), sp.GetRequiredService<KeyLifecycle>()));
        services.TryAddSingleton<IServiceKeyUse, ServiceKeyUse>();
        services.TryAddSingleton<KeyApi>();
        services.TryAddSingleton<KeySettingsApi>();
        services.TryAddSingleton<CryptoApi>();
        services.TryAddSingleton<AliasApi>();
        services.AddSingleton<AwsServiceDefinition>(sp => KmsOperations.Create(
            sp.GetRequiredService<KeyApi>(), sp.GetRequiredService<KeySettingsApi>(), sp.GetRequiredService<CryptoApi>(), sp.GetRequiredService<AliasApi>()));
        services.AddHostedService<KeyLifecycleSweep>();
        services.TryAddSingleton<RootKeyRotation>();
        services.AddSingleton<ISealedSecretSource, KeyMaterialSource>();
        return services;
    }
}
