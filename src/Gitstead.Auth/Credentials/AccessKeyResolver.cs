using System.Data.Common;
using Gitstead.Auth.SigV4;
using Gitstead.Aws;
using Gitstead.Kms.Envelope;
using Gitstead.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Gitstead.Auth.Credentials;

/// <summary>
/// Access keys over storage: one indexed query per lookup (the key by its primary key, joined
/// with its owner, its account's policy generation and, for a session, its parent key), the
/// secret opened from its envelope.
/// </summary>
internal sealed partial class AccessKeyResolver(
    IGitsteadDb db,
    EnvelopeEncryption envelope,
    SecretHasher hasher,
    TimeProvider time,
    ILogger<AccessKeyResolver> logger) : IAccessKeyResolver
{
    /// <summary>Last use is recorded at this granularity, so a busy key is not written on every request.</summary>
    public static readonly TimeSpan LastUseGranularity = TimeSpan.FromMinutes(5);

    private const string Active = "Active";
    private const int MaxAccessKeyIdLength = 128;

    /// <summary>The key, its owner and the account's policy generation: one query by primary keys, compiled once.</summary>
    private static readonly Func<GitsteadDbContext, string, CancellationToken, Task<LongTermKeyRow?>> LongTermKey =
        EF.CompileAsyncQuery((GitsteadDbContext db, string accessKeyId, CancellationToken ct) => (
            from k in db.AccessKeys.AsNoTracking()
            where k.AccessKeyId == accessKeyId
            join a in db.Accounts on k.AccountId equals a.Id
            from u in db.Users.Where(u => (long?)u.Key == k.UserKey).DefaultIfEmpty()
            select new LongTermKeyRow(
                k.AccountId, k.UserKey, k.SecretCiphertext, k.Status, k.LastUsedDate, k.LastUsedService, k.LastUsedRegion,
                u == null ? null : u.UserId, u == null ? null : u.UserName, u == null ? null : u.Path, a.PolicyGeneration))
            .FirstOrDefault());

    /// <summary>The session, its parent key's status, its owner and the account's policy generation: one query, compiled once.</summary>
    private static readonly Func<GitsteadDbContext, string, CancellationToken, Task<SessionKeyRow?>> SessionKey =
        EF.CompileAsyncQuery((GitsteadDbContext db, string accessKeyId, CancellationToken ct) => (
            from s in db.SessionCredentials.AsNoTracking()
            where s.AccessKeyId == accessKeyId
            join a in db.Accounts on s.AccountId equals a.Id
            from p in db.AccessKeys.Where(p => p.AccessKeyId == s.ParentAccessKeyId).DefaultIfEmpty()
            from u in db.Users.Where(u => (long?)u.Key == s.UserKey).DefaultIfEmpty()
            select new SessionKeyRow(
                s.AccountId, s.UserKey, s.SecretCiphertext, s.TokenHash, s.Expiration, s.MultiFactorAuthPresent,
                p == null ? null : p.Status, u == null ? null : u.UserId, u == null ? null : u.UserName, u == null ? null : u.Path,
                a.PolicyGeneration))
            .FirstOrDefault());

    public async Task<ResolvedAccessKey> ResolveAsync(string accessKeyId, string? sessionToken, CancellationToken cancellationToken)
    {
        if (accessKeyId.Length is 0 or > MaxAccessKeyIdLength)
        {
            throw SigV4Errors.InvalidClientTokenId();
        }

        await using var context = db.Create();
        return accessKeyId.StartsWith("ASIA", StringComparison.Ordinal)
            ? await ResolveSessionKeyAsync(context, accessKeyId, sessionToken, cancellationToken)
            : await ResolveLongTermKeyAsync(context, accessKeyId, sessionToken, cancellationToken);
    }

    public async Task RecordUseAsync(ResolvedAccessKey key, string service, string region, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (key.LastUse is not { } last || IsRecent(last, service, region, now))
        {
            return;
        }

        try
        {
            await using var context = db.Create();
            await context.AccessKeys
                .Where(k => k.AccessKeyId == key.AccessKeyId)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(k => k.LastUsedDate, now)
                        .SetProperty(k => k.LastUsedService, service)
                        .SetProperty(k => k.LastUsedRegion, region),
                    cancellationToken);
        }
        catch (DbException ex)
        {
            // Bookkeeping only: a busy database must not fail a correctly signed request.
            LogLastUseNotRecorded(ex, key.AccessKeyId);
        }
    }

    internal static bool IsRecent(AccessKeyLastUse last, string service, string region, DateTime now) =>
        last.Date is { } date
        && now - date < LastUseGranularity
        && last.Service == service
        && last.Region == region;

    private async Task<ResolvedAccessKey> ResolveLongTermKeyAsync(
        GitsteadDbContext context, string accessKeyId, string? sessionToken, CancellationToken cancellationToken)
    {
        var row = await LongTermKey(context, accessKeyId, cancellationToken);

        // A session token with a long-term key is refused, as AWS does.
        if (row is null || row.Status != Active || sessionToken is not null || (row.UserKey is not null && row.UserId is null))
        {
            throw SigV4Errors.InvalidClientTokenId();
        }

        var secret = envelope.Decrypt(row.SecretCiphertext, SecretPurposes.AccessKey(accessKeyId));
        var caller = Principal(row.AccountId, row.UserKey, row.UserId, row.UserName, row.Path, accessKeyId, isTemporary: false, mfa: false, row.PolicyGeneration);
        return new ResolvedAccessKey(caller, secret, new AccessKeyLastUse(row.LastUsedDate, row.LastUsedService, row.LastUsedRegion));
    }

    private async Task<ResolvedAccessKey> ResolveSessionKeyAsync(
        GitsteadDbContext context, string accessKeyId, string? sessionToken, CancellationToken cancellationToken)
    {
        var row = await SessionKey(context, accessKeyId, cancellationToken);

        if (row is null || sessionToken is null || !hasher.Verify(SecretPurposes.SessionToken, sessionToken, row.TokenHash))
        {
            throw SigV4Errors.InvalidClientTokenId();
        }

        if (row.Expiration <= time.GetUtcNow().UtcDateTime)
        {
            throw SigV4Errors.ExpiredToken();
        }

        if (row.ParentStatus != Active || (row.UserKey is not null && row.UserId is null))
        {
            throw SigV4Errors.InvalidClientTokenId();
        }

        var secret = envelope.Decrypt(row.SecretCiphertext, SecretPurposes.SessionKey(accessKeyId));
        var caller = Principal(row.AccountId, row.UserKey, row.UserId, row.UserName, row.Path, accessKeyId, isTemporary: true, row.MultiFactorAuthPresent, row.PolicyGeneration);
        return new ResolvedAccessKey(caller, secret, lastUse: null);
    }

    /// <summary>The account root when there is no user; otherwise the IAM user.</summary>
    private static Caller Principal(
        string accountId, long? userKey, string? userId, string? userName, string? path, string accessKeyId, bool isTemporary, bool mfa, long generation) =>
        (userKey is { } key ? Caller.User(accountId, path!, userName!, userId!, key) : Caller.Root(accountId)) with
        {
            AccessKeyId = accessKeyId,
            CredentialId = accessKeyId,
            IsTemporary = isTemporary,
            MultiFactorAuthPresent = mfa,
            PolicyGeneration = generation,
        };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the last use of access key {AccessKeyId}")]
    private partial void LogLastUseNotRecorded(Exception exception, string accessKeyId);

    private sealed record LongTermKeyRow(
        string AccountId, long? UserKey, byte[] SecretCiphertext, string Status,
        DateTime? LastUsedDate, string? LastUsedService, string? LastUsedRegion,
        string? UserId, string? UserName, string? Path, long PolicyGeneration);

    private sealed record SessionKeyRow(
        string AccountId, long? UserKey, byte[] SecretCiphertext, byte[] TokenHash, DateTime Expiration, bool MultiFactorAuthPresent,
        string? ParentStatus, string? UserId, string? UserName, string? Path, long PolicyGeneration);
}
