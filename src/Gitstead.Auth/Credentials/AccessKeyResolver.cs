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
/// with its owner, its account's policy generation and, for a session, its parent key), kept
/// prepared (<see cref="PreparedReads"/>: every API call and Git request runs it), the secret
/// opened from its envelope.
/// </summary>
internal sealed partial class AccessKeyResolver(
    IGitsteadDb db,
    PreparedReads reads,
    EnvelopeEncryption envelope,
    SecretHasher hasher,
    TimeProvider time,
    ILogger<AccessKeyResolver> logger) : IAccessKeyResolver
{
    /// <summary>Last use is recorded at this granularity, so a busy key is not written on every request.</summary>
    public static readonly TimeSpan LastUseGranularity = TimeSpan.FromMinutes(5);

    private const string Active = "Active";
    private const int MaxAccessKeyIdLength = 128;

    /// <summary>The key, its owner and the account's policy generation: one query by primary keys, kept prepared.</summary>
    private static readonly PreparedRead<LongTermKeyRow> LongTermKey = new(
        """
        SELECT k."AccountId", k."UserKey", k."SecretCiphertext", k."Status", k."LastUsedDate", k."LastUsedService", k."LastUsedRegion",
               u."UserId", u."UserName", u."Path", a."PolicyGeneration"
        FROM "AccessKeys" AS k
        INNER JOIN "Accounts" AS a ON k."AccountId" = a."Id"
        LEFT JOIN "Users" AS u ON k."UserKey" = u."Key"
        WHERE k."AccessKeyId" = @p0
        LIMIT 1
        """,
        r => !r.Read() ? null : new LongTermKeyRow(
            r.GetString(0), r.GetInt64OrNull(1), r.GetFieldValue<byte[]>(2), r.GetString(3),
            r.GetDateTimeOrNull(4), r.GetStringOrNull(5), r.GetStringOrNull(6),
            r.GetStringOrNull(7), r.GetStringOrNull(8), r.GetStringOrNull(9), r.GetInt64(10)));

    /// <summary>The session, its parent key's status, its owner and the account's policy generation: one query, kept prepared.</summary>
    private static readonly PreparedRead<SessionKeyRow> SessionKey = new(
        """
        SELECT s."AccountId", s."UserKey", s."SecretCiphertext", s."TokenHash", s."Expiration", s."MultiFactorAuthPresent",
               p."Status", u."UserId", u."UserName", u."Path", a."PolicyGeneration"
        FROM "SessionCredentials" AS s
        INNER JOIN "Accounts" AS a ON s."AccountId" = a."Id"
        LEFT JOIN "AccessKeys" AS p ON p."AccessKeyId" = s."ParentAccessKeyId"
        LEFT JOIN "Users" AS u ON s."UserKey" = u."Key"
        WHERE s."AccessKeyId" = @p0
        LIMIT 1
        """,
        r => !r.Read() ? null : new SessionKeyRow(
            r.GetString(0), r.GetInt64OrNull(1), r.GetFieldValue<byte[]>(2), r.GetFieldValue<byte[]>(3), r.GetDateTime(4), r.GetBoolean(5),
            r.GetStringOrNull(6), r.GetStringOrNull(7), r.GetStringOrNull(8), r.GetStringOrNull(9), r.GetInt64(10)));

    public async Task<ResolvedAccessKey> ResolveAsync(string accessKeyId, string? sessionToken, CancellationToken cancellationToken)
    {
        if (accessKeyId.Length is 0 or > MaxAccessKeyIdLength)
        {
            throw SigV4Errors.InvalidClientTokenId();
        }

        return accessKeyId.StartsWith("ASIA", StringComparison.Ordinal)
            ? await ResolveSessionKeyAsync(accessKeyId, sessionToken, cancellationToken)
            : await ResolveLongTermKeyAsync(accessKeyId, sessionToken, cancellationToken);
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

    private async Task<ResolvedAccessKey> ResolveLongTermKeyAsync(string accessKeyId, string? sessionToken, CancellationToken cancellationToken)
    {
        var row = await reads.ReadAsync(LongTermKey, cancellationToken, accessKeyId);

        // A session token with a long-term key is refused, as AWS does.
        if (row is null || row.Status != Active || sessionToken is not null || (row.UserKey is not null && row.UserId is null))
        {
            throw SigV4Errors.InvalidClientTokenId();
        }

        var caller = Principal(row.AccountId, row.UserKey, row.UserId, row.UserName, row.Path, accessKeyId, isTemporary: false, mfa: false, row.PolicyGeneration);
        return new ResolvedAccessKey(
            caller,
            row.SecretCiphertext,
            () => envelope.Decrypt(row.SecretCiphertext, SecretPurposes.AccessKey(accessKeyId)),
            new AccessKeyLastUse(row.LastUsedDate, row.LastUsedService, row.LastUsedRegion));
    }

    private async Task<ResolvedAccessKey> ResolveSessionKeyAsync(string accessKeyId, string? sessionToken, CancellationToken cancellationToken)
    {
        var row = await reads.ReadAsync(SessionKey, cancellationToken, accessKeyId);

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

        var caller = Principal(row.AccountId, row.UserKey, row.UserId, row.UserName, row.Path, accessKeyId, isTemporary: true, row.MultiFactorAuthPresent, row.PolicyGeneration);
        return new ResolvedAccessKey(
            caller, row.SecretCiphertext, () => envelope.Decrypt(row.SecretCiphertext, SecretPurposes.SessionKey(accessKeyId)), lastUse: null);
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
