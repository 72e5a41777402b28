using Gitstead.Aws;
using Gitstead.Kms.KeyPolicies;
using Gitstead.Policy;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Kms.Keys;

/// <summary>
/// Keys and their lifecycle: CreateKey, DescribeKey, ListKeys, EnableKey, DisableKey,
/// ScheduleKeyDeletion, CancelKeyDeletion, UpdateKeyDescription. Each method checks its input,
/// finds the key, authorizes <c>kms:ACTION</c> with the key policy, checks the key state as AWS
/// does, then acts. Errors are KMS's modelled exceptions and <see cref="AccessDeniedException"/>.
/// </summary>
public sealed class KeyService
{
    public const int MaxDescriptionLength = 8192;

    private static readonly string[] KeySpecs =
        ["RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1", "SYMMETRIC_DEFAULT",
         "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512", "SM2", "ML_DSA_44", "ML_DSA_65", "ML_DSA_87", "ECC_NIST_EDWARDS25519"];

    private static readonly string[] KeyUsages = ["SIGN_VERIFY", "ENCRYPT_DECRYPT", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT"];

    private static readonly string[] Origins = ["AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"];

    private readonly IGitsteadDb _db;
    private readonly KeyAccess _access;
    private readonly KeyMaterials _materials;
    private readonly KeyLifecycle _lifecycle;
    private readonly KeyPolicyPrincipals _principals;

    internal KeyService(IGitsteadDb db, KeyAccess access, KeyMaterials materials, KeyLifecycle lifecycle, KeyPolicyPrincipals principals)
    {
        _db = db;
        _access = access;
        _materials = materials;
        _lifecycle = lifecycle;
        _principals = principals;
    }

    /// <summary>CreateKey: <c>kms:CreateKey</c> on <c>*</c> (IAM policies only); a symmetric AES-256-GCM key with its first material version.</summary>
    public async Task<KeyMetadata> CreateAsync(KmsCall call, NewKey request, CancellationToken ct)
    {
        CheckSpec(request);
        var description = Description(request.Description, "description");
        var tags = KeyTags.Check(request.Tags);
        KeyTags.CheckCount(tags.Count);
        if (request.Policy is { } given)
        {
            KeyPolicyDocuments.Validate(given);
        }

        var conditions = KeyTags.Conditions(tags);
        conditions[KmsConditionKeys.KeySpec] = [KeyStates.SymmetricDefault];
        conditions[KmsConditionKeys.KeyUsage] = [KeyStates.EncryptDecrypt];
        conditions[KmsConditionKeys.KeyOrigin] = [KeyStates.AwsKms];
        conditions[KmsConditionKeys.BypassPolicyLockoutSafetyCheck] = [request.BypassPolicyLockoutSafetyCheck ? "true" : "false"];
        await _access.AuthorizeIdentityAsync(call, "kms:CreateKey", "*", conditions, ct);

        var keyId = Guid.NewGuid().ToString("D");
        var arn = Arns.KmsKey(call.Region, call.AccountId, keyId);
        var policy = request.Policy ?? KeyPolicyDocuments.Default(call.AccountId);
        if (request.Policy is not null)
        {
            await _principals.RequireKnownAsync(call.AccountId, policy, ct);
        }

        if (request.Policy is not null && !request.BypassPolicyLockoutSafetyCheck)
        {
            await _access.RequireNoLockoutAsync(call, arn, policy, ct);
        }

        var key = NewKeyRow(call.AccountId, call.Region, keyId, description, KeyStates.CustomerManaged, policy, _lifecycle.Now);
        key.Tags.AddRange(tags.Select(t => new KmsKeyTag { TagKey = t.Key, TagValue = t.Value }));
        await using var context = _db.Create();
        context.KmsKeys.Add(key);
        await context.SaveChangesAsync(ct);
        return KeyMetadata.Of(key);
    }

    /// <summary>A new key row with its first material version; the caller adds and saves it.</summary>
    internal KmsKey NewKeyRow(string accountId, string region, string keyId, string description, string keyManager, string policy, DateTime now)
    {
        var key = new KmsKey
        {
            KeyId = keyId,
            AccountId = accountId,
            Region = region,
            Description = description,
            KeyManager = keyManager,
            KeyUsage = KeyStates.EncryptDecrypt,
            KeySpec = KeyStates.SymmetricDefault,
            KeyState = KeyStates.Enabled,
            Policy = policy,
            CreationDate = now,
            CurrentVersion = 1,
        };
        key.Materials.Add(_materials.Create(Arns.KmsKey(region, accountId, keyId), 1, now, null));
        return key;
    }

    /// <summary>DescribeKey: any key id, key ARN, alias name or alias ARN; <c>kms:DescribeKey</c>.</summary>
    public async Task<KeyMetadata> DescribeAsync(KmsCall call, string? keyId, CancellationToken ct)
    {
        var reference = KeyReference.Parse(call.Call, keyId);
        await using var context = _db.Create();
        var key = await _access.FindAsync(context, call, reference, ct);
        await _access.AuthorizeAsync(call, "kms:DescribeKey", key, ct);
        return KeyMetadata.Of(key);
    }

    /// <summary>ListKeys: <c>kms:ListKeys</c> on <c>*</c>; the account's keys in the region by key id, AWS managed ones included.</summary>
    public async Task<Page<(string KeyId, string Arn)>> ListAsync(KmsCall call, PageRequest page, CancellationToken ct)
    {
        await _access.AuthorizeIdentityAsync(call, "kms:ListKeys", "*", null, ct);
        var after = page.Token is null ? "" : PageTokens.TryDecodeKey(page.Token, out var k) ? k : throw KmsErrors.InvalidMarker();
        var now = _lifecycle.Now;
        await using var context = _db.Create();
        var ids = await context.KmsKeys.AsNoTracking()
            .Where(x => x.AccountId == call.AccountId && x.Region == call.Region && string.Compare(x.KeyId, after) > 0)
            .Where(x => !(x.KeyState == KeyStates.PendingDeletion && x.DeletionDate <= now))
            .OrderBy(x => x.KeyId)
            .Select(x => x.KeyId)
            .Take(page.MaxItems + 1)
            .ToListAsync(ct);
        return Page<string>.FromOverfetch(ids, page.MaxItems, PageTokens.EncodeKey)
            .Select(id => (id, Arns.KmsKey(call.Region, call.AccountId, id)));
    }

    /// <summary>EnableKey: <c>kms:EnableKey</c>; KMSInvalidStateException while pending deletion.</summary>
    public Task EnableAsync(KmsCall call, string? keyId, CancellationToken ct) =>
        ChangeAsync(call, keyId, "kms:EnableKey", key =>
        {
            KeyStates.RequireNotPendingDeletion(key);
            key.KeyState = KeyStates.Enabled;
        }, ct);

    /// <summary>DisableKey: <c>kms:DisableKey</c>; KMSInvalidStateException while pending deletion.</summary>
    public Task DisableAsync(KmsCall call, string? keyId, CancellationToken ct) =>
        ChangeAsync(call, keyId, "kms:DisableKey", key =>
        {
            KeyStates.RequireNotPendingDeletion(key);
            key.KeyState = KeyStates.Disabled;
        }, ct);

    /// <summary>UpdateKeyDescription: <c>kms:UpdateKeyDescription</c>; KMSInvalidStateException while pending deletion.</summary>
    public Task UpdateDescriptionAsync(KmsCall call, string? keyId, string? description, CancellationToken ct)
    {
        var valid = Description(description ?? throw KmsErrors.Required("description"), "description");
        return ChangeAsync(call, keyId, "kms:UpdateKeyDescription", key =>
        {
            KeyStates.RequireNotPendingDeletion(key);
            key.Description = valid;
        }, ct);
    }

    /// <summary>
    /// ScheduleKeyDeletion: <c>kms:ScheduleKeyDeletion</c>; a waiting period of 7 to 30 days
    /// (default 30), after which the key and all its material are destroyed for good.
    /// </summary>
    public async Task<ScheduledDeletion> ScheduleDeletionAsync(KmsCall call, string? keyId, int? pendingWindowInDays, CancellationToken ct)
    {
        var days = pendingWindowInDays ?? 30;
        if (days is < 7 or > 30)
        {
            throw KmsErrors.Constraint("pendingWindowInDays",
                days < 7 ? "Member must have value greater than or equal to 7" : "Member must have value less than or equal to 30",
                days.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        ScheduledDeletion? scheduled = null;
        await ChangeAsync(call, keyId, "kms:ScheduleKeyDeletion", key =>
        {
            KeyStates.RequireNotPendingDeletion(key);
            key.KeyState = KeyStates.PendingDeletion;
            key.DeletionDate = _lifecycle.Now.AddDays(days);
            key.PendingWindowInDays = days;
            scheduled = new ScheduledDeletion(KmsKeyArns.Of(key), key.DeletionDate.Value, days);
        }, ct);
        return scheduled!;
    }

    /// <summary>CancelKeyDeletion: <c>kms:CancelKeyDeletion</c>; the key comes back Disabled, as in AWS.</summary>
    public async Task<string> CancelDeletionAsync(KmsCall call, string? keyId, CancellationToken ct)
    {
        var arn = "";
        await ChangeAsync(call, keyId, "kms:CancelKeyDeletion", key =>
        {
            arn = KmsKeyArns.Of(key);
            if (key.KeyState != KeyStates.PendingDeletion)
            {
                throw KmsErrors.NotPendingDeletion(arn);
            }

            key.KeyState = KeyStates.Disabled;
            key.DeletionDate = null;
            key.PendingWindowInDays = null;
        }, ct);
        return arn;
    }

    /// <summary>Finds the key (key id or ARN only), authorizes, applies <paramref name="change"/> (which may refuse), saves.</summary>
    private async Task ChangeAsync(KmsCall call, string? keyId, string action, Action<KmsKey> change, CancellationToken ct)
    {
        var reference = KeyReference.ParseKeyOnly(call.Call, keyId);
        await using var context = _db.Create();
        var key = await _access.FindAsync(context, call, reference, ct);
        await _access.AuthorizeAsync(call, action, key, ct);
        change(key);
        await context.SaveChangesAsync(ct);
    }

    private static string Description(string? description, string member) =>
        description is { Length: > MaxDescriptionLength }
            ? throw KmsErrors.Constraint(member, $"Member must have length less than or equal to {MaxDescriptionLength}")
            : description ?? "";

    /// <summary>Only symmetric encryption keys of KMS's own key store: anything else is refused by name.</summary>
    private static void CheckSpec(NewKey request)
    {
        if (request.KeySpec is not null && request.CustomerMasterKeySpec is not null)
        {
            throw KmsErrors.Validation("You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.");
        }

        var spec = Enum(request.KeySpec ?? request.CustomerMasterKeySpec, request.KeySpec is null ? "customerMasterKeySpec" : "keySpec", KeySpecs) ?? KeyStates.SymmetricDefault;
        var usage = Enum(request.KeyUsage, "keyUsage", KeyUsages) ?? KeyStates.EncryptDecrypt;
        var origin = Enum(request.Origin, "origin", Origins) ?? KeyStates.AwsKms;
        if (spec != KeyStates.SymmetricDefault)
        {
            throw KmsErrors.Unsupported($"KeySpec {spec} is not supported: this KMS serves only symmetric encryption keys (SYMMETRIC_DEFAULT).");
        }

        if (usage != KeyStates.EncryptDecrypt)
        {
            throw KmsErrors.Validation($"KeyUsage {usage} is not compatible with KeySpec {spec}");
        }

        if (origin != KeyStates.AwsKms || request.CustomKeyStoreId is not null || request.XksKeyId is not null)
        {
            throw KmsErrors.Unsupported("Imported key material and custom key stores are not supported: Origin must be AWS_KMS.");
        }

        if (request.MultiRegion == true)
        {
            throw KmsErrors.Unsupported("Multi-Region keys are not supported.");
        }
    }

    private static string? Enum(string? value, string member, string[] allowed) =>
        value is null || allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw KmsErrors.Constraint(member, $"Member must satisfy enum value set: [{string.Join(", ", allowed)}]", value);
}
