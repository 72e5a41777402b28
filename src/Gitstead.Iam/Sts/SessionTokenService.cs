using System.Security.Cryptography;
using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Kms.Envelope;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Sts;

/// <summary>Temporary credentials, shown once to the caller: the secret and the token are never stored.</summary>
/// <param name="AccessKeyId"><c>ASIA…</c>.</param>
/// <param name="SecretAccessKey">The secret to sign with.</param>
/// <param name="SessionToken">Sent with every request signed by the key.</param>
/// <param name="Expiration">When the credentials stop working (UTC, whole seconds).</param>
public sealed record SessionCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTime Expiration);

/// <summary>
/// <c>sts:GetSessionToken</c>: temporary credentials with the caller's own permissions. A
/// <see cref="SessionCredential"/> row holds the <c>ASIA…</c> key, its secret envelope-encrypted
/// under <see cref="SecretPurposes.SessionKey"/>, a keyed hash of the session token (never the
/// token) and the expiry; SigV4 verification resolves <c>ASIA…</c> keys from these rows.
/// GetSessionToken is an authentication operation that policies cannot control (model
/// documentation), so this service never calls the authorizer.
/// </summary>
public sealed class SessionTokenService(IGitsteadDb db, EnvelopeEncryption envelope, SecretHasher hasher, TimeProvider time)
{
    public const int MinSeconds = 900;
    public const int MaxSeconds = 129_600;
    public const int DefaultUserSeconds = 43_200;
    public const int RootMaxSeconds = 3_600;

    /// <summary>
    /// 239 random bytes: a 320-character base64 token that, like AWS's, contains <c>+</c>,
    /// <c>/</c> and <c>=</c> and is far longer than any key id.
    /// </summary>
    private const int TokenBytes = 239;

    /// <summary>Rows of sessions expired this long ago are removed; until then a late call still gets "expired".</summary>
    private static readonly TimeSpan KeepExpired = TimeSpan.FromDays(7);

    /// <summary>
    /// Temporary credentials with the caller's own permissions, valid for
    /// <paramref name="durationSeconds"/> (see <see cref="Duration"/>).
    /// </summary>
    /// <exception cref="AwsServiceException">AccessDenied when called with temporary credentials or with an MFA code.</exception>
    public async Task<SessionCredentials> GetSessionTokenAsync(
        CallContext call, int? durationSeconds, bool mfaSupplied, CancellationToken ct)
    {
        var caller = call.Caller;
        if (caller.IsTemporary)
        {
            throw new AwsServiceException("AccessDenied", "Cannot call GetSessionToken with session credentials", 403);
        }

        if (mfaSupplied)
        {
            // No MFA devices exist in Gitstead, so no code can be valid.
            throw new AwsServiceException("AccessDenied", "MultiFactorAuthentication failed, unable to validate MFA code.", 403);
        }

        var now = TruncateToSeconds(time.GetUtcNow().UtcDateTime);
        var credentials = new SessionCredentials(
            IamIds.AccessKeyId("ASIA", caller.AccountId),
            IamIds.SecretAccessKey(),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(TokenBytes)),
            now.AddSeconds(Duration(caller, durationSeconds)));

        await using var context = db.Create();
        context.SessionCredentials.Add(new SessionCredential
        {
            AccessKeyId = credentials.AccessKeyId,
            AccountId = caller.AccountId,
            UserKey = caller.UserKey,
            ParentAccessKeyId = caller.AccessKeyId ?? "",
            SecretCiphertext = envelope.Encrypt(credentials.SecretAccessKey, SecretPurposes.SessionKey(credentials.AccessKeyId)),
            TokenHash = hasher.Hash(SecretPurposes.SessionToken, credentials.SessionToken),
            Expiration = credentials.Expiration,
            CreateDate = now,
            MultiFactorAuthPresent = false,
        });
        await context.SaveChangesAsync(ct);
        await context.SessionCredentials.Where(s => s.Expiration < now - KeepExpired).ExecuteDeleteAsync(ct);
        return credentials;
    }

    /// <summary>
    /// Users: 900–129,600 s, default 43,200. The root: at most one hour, and a longer request
    /// gets one hour (model documentation of <c>DurationSeconds</c>).
    /// </summary>
    internal static int Duration(Caller caller, int? requested) =>
        caller.IsRoot ? Math.Min(requested ?? RootMaxSeconds, RootMaxSeconds) : requested ?? DefaultUserSeconds;

    /// <summary>The wire shows whole seconds; store what is shown, so it is what is enforced.</summary>
    private static DateTime TruncateToSeconds(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
