using System.Text.RegularExpressions;
using Gitstead.Aws;
using Gitstead.Kms.Keys;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Kms.Aliases;

/// <summary>An alias as ListAliases shows it (botocore <c>AliasListEntry</c>).</summary>
public sealed record AliasEntry(string AliasName, string AliasArn, string TargetKeyId, DateTime CreationDate, DateTime LastUpdatedDate);

/// <summary>
/// Aliases: CreateAlias, UpdateAlias, DeleteAlias, ListAliases. As AWS documents, changing an
/// alias needs the action on the alias ARN (IAM policies) and on each key it names (key
/// policy); <c>alias/aws/</c> belongs to AWS managed keys and is no customer's to change.
/// https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html
/// </summary>
public sealed partial class AliasService
{
    private readonly IGitsteadDb _db;
    private readonly KeyAccess _access;
    private readonly KeyLifecycle _lifecycle;

    internal AliasService(IGitsteadDb db, KeyAccess access, KeyLifecycle lifecycle)
    {
        _db = db;
        _access = access;
        _lifecycle = lifecycle;
    }

    /// <summary>CreateAlias: <c>kms:CreateAlias</c> on the alias and the target key; AlreadyExistsException.</summary>
    public async Task CreateAsync(KmsCall call, string? aliasName, string? targetKeyId, CancellationToken ct)
    {
        var name = CheckName(aliasName);
        var target = Target(call, targetKeyId);
        var aliasArn = Arns.KmsAlias(call.Region, call.AccountId, name);
        await using var context = _db.Create();
        var key = await _access.FindAsync(context, call, target, ct);
        await _access.AuthorizeIdentityAsync(call, "kms:CreateAlias", aliasArn, null, ct);
        await _access.AuthorizeAsync(call, "kms:CreateAlias", key, ct);
        KeyStates.RequireNotPendingDeletion(key);
        if (await context.KmsAliases.AnyAsync(a => a.AccountId == call.AccountId && a.Region == call.Region && a.AliasName == name, ct))
        {
            throw KmsErrors.AliasExists(aliasArn);
        }

        var now = _lifecycle.Now;
        context.KmsAliases.Add(new KmsAlias { AccountId = call.AccountId, Region = call.Region, AliasName = name, TargetKeyKey = key.Key, CreationDate = now, LastUpdatedDate = now });
        try
        {
            await context.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw KmsErrors.AliasExists(aliasArn);
        }
    }

    /// <summary>UpdateAlias: <c>kms:UpdateAlias</c> on the alias, its current key and its new key.</summary>
    public async Task UpdateAsync(KmsCall call, string? aliasName, string? targetKeyId, CancellationToken ct)
    {
        var name = CheckName(aliasName);
        var target = Target(call, targetKeyId);
        var aliasArn = Arns.KmsAlias(call.Region, call.AccountId, name);
        await using var context = _db.Create();
        var (alias, current) = await FindAsync(context, call, name, ct);
        var key = await _access.FindAsync(context, call, target, ct);
        await _access.AuthorizeIdentityAsync(call, "kms:UpdateAlias", aliasArn, null, ct);
        await _access.AuthorizeAsync(call, "kms:UpdateAlias", current, ct);
        await _access.AuthorizeAsync(call, "kms:UpdateAlias", key, ct);
        KeyStates.RequireNotPendingDeletion(key);
        alias.TargetKeyKey = key.Key;
        alias.LastUpdatedDate = _lifecycle.Now;
        await context.SaveChangesAsync(ct);
    }

    /// <summary>DeleteAlias: <c>kms:DeleteAlias</c> on the alias and its key; the key is untouched.</summary>
    public async Task DeleteAsync(KmsCall call, string? aliasName, CancellationToken ct)
    {
        var name = CheckName(aliasName);
        await using var context = _db.Create();
        var (alias, key) = await FindAsync(context, call, name, ct);
        await _access.AuthorizeIdentityAsync(call, "kms:DeleteAlias", Arns.KmsAlias(call.Region, call.AccountId, name), null, ct);
        await _access.AuthorizeAsync(call, "kms:DeleteAlias", key, ct);
        context.KmsAliases.Remove(alias);
        await context.SaveChangesAsync(ct);
    }

    /// <summary>ListAliases: <c>kms:ListAliases</c> on <c>*</c>; the account's aliases in the region by name, or one key's.</summary>
    public async Task<Page<AliasEntry>> ListAsync(KmsCall call, string? keyId, PageRequest page, CancellationToken ct)
    {
        var forKey = keyId is null ? (KeyReference?)null : KeyReference.ParseKeyOnly(call.Call, keyId);
        await _access.AuthorizeIdentityAsync(call, "kms:ListAliases", "*", null, ct);
        var after = page.Token is null ? "" : PageTokens.TryDecodeKey(page.Token, out var k) ? k : throw KmsErrors.InvalidMarker();
        await using var context = _db.Create();
        long? keyKey = forKey is { } reference ? (await _access.FindAsync(context, call, reference, ct)).Key : null;
        var rows = await (from a in context.KmsAliases.AsNoTracking()
                          where a.AccountId == call.AccountId && a.Region == call.Region && string.Compare(a.AliasName, after) > 0
                          where keyKey == null || a.TargetKeyKey == keyKey
                          join key in context.KmsKeys on a.TargetKeyKey equals key.Key
                          orderby a.AliasName
                          select new { a.AliasName, key.KeyId, a.CreationDate, a.LastUpdatedDate })
                         .Take(page.MaxItems + 1)
                         .ToListAsync(ct);
        var entries = rows.Select(r => new AliasEntry(r.AliasName, Arns.KmsAlias(call.Region, call.AccountId, r.AliasName), r.KeyId, r.CreationDate, r.LastUpdatedDate)).ToList();
        return Page<AliasEntry>.FromOverfetch(entries, page.MaxItems, e => PageTokens.EncodeKey(e.AliasName));
    }

    /// <summary>
    /// An alias name a customer may change: <c>alias/NAME</c>, letters, digits, <c>/</c>, <c>_</c>
    /// and <c>-</c>, up to 256 characters, not under <c>alias/aws/</c>.
    /// </summary>
    public static string CheckName(string? aliasName)
    {
        if (string.IsNullOrEmpty(aliasName))
        {
            throw KmsErrors.Required("aliasName");
        }

        if (aliasName.Length > 256)
        {
            throw KmsErrors.Constraint("aliasName", "Member must have length less than or equal to 256");
        }

        if (!aliasName.StartsWith("alias/", StringComparison.Ordinal))
        {
            throw KmsErrors.AliasPrefixMissing();
        }

        if (aliasName.StartsWith("alias/aws/", StringComparison.Ordinal))
        {
            throw KmsErrors.ReservedAlias();
        }

        return AliasPattern().IsMatch(aliasName) ? aliasName : throw KmsErrors.InvalidAliasName(aliasName);
    }

    private static KeyReference Target(KmsCall call, string? targetKeyId) =>
        targetKeyId is not null && (targetKeyId.StartsWith("alias/", StringComparison.Ordinal) || targetKeyId.Contains(":alias/", StringComparison.Ordinal))
            ? throw KmsErrors.AliasTargetIsAlias()
            : KeyReference.ParseKeyOnly(call.Call, targetKeyId, "targetKeyId");

    private async Task<(KmsAlias Alias, KmsKey Key)> FindAsync(GitsteadDbContext context, KmsCall call, string name, CancellationToken ct)
    {
        var alias = await context.KmsAliases.FirstOrDefaultAsync(a => a.AccountId == call.AccountId && a.Region == call.Region && a.AliasName == name, ct)
            ?? throw KmsErrors.AliasNotFound(Arns.KmsAlias(call.Region, call.AccountId, name));
        var key = await _access.FindAsync(context, call, new KeyReference(KeyReferenceKind.AliasName, name, name), ct);
        return (alias, key);
    }

    [GeneratedRegex("^alias/[a-zA-Z0-9/_-]+$")]
    private static partial Regex AliasPattern();
}
