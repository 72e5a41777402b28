using Gitstead.Aws;
using Gitstead.Kms.Crypto;
using Gitstead.Policy;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Kms.Keys;

/// <summary>
/// Finds the key a <see cref="KeyReference"/> names in the caller's account and region (read per
/// request, never cached: several nodes share the database), destroys it on the way if its
/// deletion date has passed, and authorizes <c>kms:ACTION</c> on its ARN with its key policy.
/// </summary>
internal sealed class KeyAccess(IAuthorizer authorizer, KeyLifecycle lifecycle)
{
    /// <summary>The key, tracked by <paramref name="context"/>; NotFoundException when there is none (or no more).</summary>
    public async Task<KmsKey> FindAsync(GitsteadDbContext context, KmsCall call, KeyReference reference, CancellationToken ct)
    {
        var key = reference.IsAlias
            ? await (from a in context.KmsAliases
                     where a.AccountId == call.AccountId && a.Region == call.Region && a.AliasName == reference.Value
                     join k in context.KmsKeys on a.TargetKeyKey equals k.Key
                     select k).FirstOrDefaultAsync(ct)
            : await context.KmsKeys.FirstOrDefaultAsync(
                k => k.KeyId == reference.Value && k.AccountId == call.AccountId && k.Region == call.Region, ct);
        if (key is null || await lifecycle.DestroyIfDueAsync(context, key, ct))
        {
            throw NotFound(call, reference);
        }

        return key;
    }

    /// <summary>
    /// Authorizes <paramref name="action"/> on the key: the key policy together with the caller's
    /// IAM policies (a key policy that names the account delegates to IAM), with kms:CallerAccount,
    /// kms:ViaService for a service's call, and the encryption context's condition keys.
    /// </summary>
    public ValueTask AuthorizeAsync(KmsCall call, string action, KmsKey key, IReadOnlyDictionary<string, string>? encryptionContext, CancellationToken ct) =>
        AuthorizeAsync(call, action, key, encryptionContext, null, ct);

    /// <summary>As above, with the operation's own condition keys (the tag keys of TagResource).</summary>
    public ValueTask AuthorizeAsync(
        KmsCall call, string action, KmsKey key, IReadOnlyDictionary<string, string>? encryptionContext, IReadOnlyDictionary<string, IReadOnlyList<string>>? extra, CancellationToken ct)
    {
        var keys = ConditionKeys(call);
        EncryptionContexts.AddConditionKeys(keys, encryptionContext);
        foreach (var (name, values) in extra ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            keys[name] = values;
        }

        var arn = KmsKeyArns.Of(key);
        var request = new AuthorizationRequest(call.Call, action, arn, keys, new ResourcePolicy($"{arn}/default", key.Policy, IsKeyPolicy: true));
        return authorizer.RequireAsync(request, ct);
    }

    /// <summary>
    /// Several actions on the key in one authorization (the caller's policies loaded and the key
    /// policy parsed once): the result, naming the first refused action when not allowed.
    /// </summary>
    public ValueTask<AuthorizationResult> AuthorizeAllAsync(
        KmsCall call, IReadOnlyList<string> actions, KmsKey key, IReadOnlyDictionary<string, string>? encryptionContext, CancellationToken ct)
    {
        var keys = ConditionKeys(call);
        EncryptionContexts.AddConditionKeys(keys, encryptionContext);
        var arn = KmsKeyArns.Of(key);
        var request = new AuthorizationRequest(call.Call, actions[0], arn, keys, new ResourcePolicy($"{arn}/default", key.Policy, IsKeyPolicy: true))
        {
            AlsoActions = [.. actions.Skip(1)],
        };
        return authorizer.AuthorizeAsync(request, ct);
    }

    /// <inheritdoc cref="AuthorizeAsync(KmsCall, string, KmsKey, IReadOnlyDictionary{string, string}?, CancellationToken)"/>
    public ValueTask AuthorizeAsync(KmsCall call, string action, KmsKey key, CancellationToken ct) => AuthorizeAsync(call, action, key, null, null, ct);

    /// <summary>Authorizes an action whose resource has no key policy (CreateKey, ListKeys, an alias ARN): IAM policies alone.</summary>
    public ValueTask AuthorizeIdentityAsync(KmsCall call, string action, string resource, IReadOnlyDictionary<string, IReadOnlyList<string>>? extra, CancellationToken ct)
    {
        var keys = ConditionKeys(call);
        foreach (var (key, values) in extra ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            keys[key] = values;
        }

        return authorizer.RequireAsync(call.Call, action, resource, keys, ct);
    }

    /// <summary>
    /// AWS's lockout safety check: the new key policy must still let the caller change the key
    /// policy (kms:PutKeyPolicy on the key, with the caller's IAM policies as they are now).
    /// </summary>
    public async ValueTask RequireNoLockoutAsync(KmsCall call, string keyArn, string policy, CancellationToken ct)
    {
        var request = new AuthorizationRequest(call.Call, "kms:PutKeyPolicy", keyArn, ConditionKeys(call), new ResourcePolicy($"{keyArn}/default", policy, IsKeyPolicy: true));
        var result = await authorizer.AuthorizeAsync(request, ct);
        if (!result.IsAllowed)
        {
            throw KmsErrors.PolicyLockout();
        }
    }

    public static AwsServiceException NotFound(KmsCall call, KeyReference reference) => reference.Kind switch
    {
        KeyReferenceKind.AliasName => KmsErrors.AliasNotFound(Arns.KmsAlias(call.Region, call.AccountId, reference.Value)),
        KeyReferenceKind.AliasArn => KmsErrors.AliasNotFound(reference.Given),
        _ => KmsErrors.KeyNotFound(Arns.KmsKey(call.Region, call.AccountId, reference.Value)),
    };

    private static Dictionary<string, IReadOnlyList<string>> ConditionKeys(KmsCall call)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            [KmsConditionKeys.CallerAccount] = [call.AccountId],
        };
        if (call.ViaService is { } via)
        {
            keys[KmsConditionKeys.ViaService] = [via];
        }

        return keys;
    }
}
