using Gitstead.Kms.Keys;
using Gitstead.Storage;

namespace Gitstead.Kms.KeyPolicies;

/// <summary>
/// A key's one policy, named <c>default</c>: GetKeyPolicy, PutKeyPolicy, ListKeyPolicies.
/// PutKeyPolicy checks the document and, unless told to bypass it, AWS's lockout safety check.
/// </summary>
public sealed class KeyPolicyService
{
    private readonly IGitsteadDb _db;
    private readonly KeyAccess _access;
    private readonly KeyPolicyPrincipals _principals;

    internal KeyPolicyService(IGitsteadDb db, KeyAccess access, KeyPolicyPrincipals principals)
    {
        _db = db;
        _access = access;
        _principals = principals;
    }

    /// <summary>GetKeyPolicy: <c>kms:GetKeyPolicy</c>; the policy text as it was set.</summary>
    public async Task<string> GetAsync(KmsCall call, string? keyId, string? policyName, CancellationToken ct)
    {
        var reference = KeyReference.ParseKeyOnly(call.Call, keyId);
        CheckName(policyName);
        await using var context = _db.Create();
        var key = await _access.FindAsync(context, call, reference, ct);
        await _access.AuthorizeAsync(call, "kms:GetKeyPolicy", key, ct);
        return key.Policy;
    }

    /// <summary>
    /// PutKeyPolicy: <c>kms:PutKeyPolicy</c> under the current policy; MalformedPolicyDocumentException
    /// for a document that is not a valid key policy, or one that would stop the caller from
    /// changing the policy again (unless <paramref name="bypassLockoutCheck"/>).
    /// </summary>
    public async Task PutAsync(KmsCall call, string? keyId, string? policyName, string? policy, bool bypassLockoutCheck, CancellationToken ct)
    {
        var reference = KeyReference.ParseKeyOnly(call.Call, keyId);
        CheckName(policyName);
        var document = policy ?? throw KmsErrors.Required("policy");
        KeyPolicyDocuments.Validate(document);
        await using var context = _db.Create();
        var key = await _access.FindAsync(context, call, reference, ct);
        await _access.AuthorizeAsync(call, "kms:PutKeyPolicy", key, ct);
        await _principals.RequireKnownAsync(call.AccountId, document, ct);
        if (!bypassLockoutCheck)
        {
            await _access.RequireNoLockoutAsync(call, KmsKeyArns.Of(key), document, ct);
        }

        key.Policy = document;
        await context.SaveChangesAsync(ct);
    }

    /// <summary>ListKeyPolicies: <c>kms:ListKeyPolicies</c>; always the one name <c>default</c>.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(KmsCall call, string? keyId, CancellationToken ct)
    {
        var reference = KeyReference.ParseKeyOnly(call.Call, keyId);
        await using var context = _db.Create();
        var key = await _access.FindAsync(context, call, reference, ct);
        await _access.AuthorizeAsync(call, "kms:ListKeyPolicies", key, ct);
        return [KeyPolicyDocuments.DefaultPolicyName];
    }

    private static void CheckName(string? policyName)
    {
        if (policyName is not null && policyName != KeyPolicyDocuments.DefaultPolicyName)
        {
            throw KmsErrors.NoSuchPolicy();
        }
    }
}
