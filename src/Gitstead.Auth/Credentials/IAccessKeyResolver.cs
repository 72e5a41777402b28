using Gitstead.Aws;

namespace Gitstead.Auth.Credentials;

/// <summary>
/// An access key found in storage, with its principal and its sealed secret, opened only when
/// asked for (a request whose signing key is cached never opens it). Nothing here has a
/// <c>ToString</c> that shows the secret.
/// </summary>
internal sealed class ResolvedAccessKey(Caller caller, byte[] sealedSecret, Func<string> openSecret, AccessKeyLastUse? lastUse)
{
    private string? _secret;

    public Caller Caller { get; } = caller;

    public string AccessKeyId => Caller.AccessKeyId!;

    /// <summary>The secret as stored (its envelope): what a cached signing key was derived from.</summary>
    public byte[] SealedSecret { get; } = sealedSecret;

    /// <summary>The secret, opened from its envelope on first use; it lives only in memory for one request.</summary>
    public string SecretAccessKey => _secret ??= openSecret();

    /// <summary>The stored last use of a long-term key; null for session keys, whose use is not recorded.</summary>
    public AccessKeyLastUse? LastUse { get; } = lastUse;
}

/// <summary>What <c>GetAccessKeyLastUsed</c> reports, as stored.</summary>
internal sealed record AccessKeyLastUse(DateTime? Date, string? Service, string? Region);

/// <summary>Resolves an access key id (and session token) to the principal that owns it.</summary>
internal interface IAccessKeyResolver
{
    /// <summary>
    /// Finds an active long-term key (<c>AKIA…</c>) or an unexpired session key (<c>ASIA…</c>,
    /// whose <paramref name="sessionToken"/> must match). Verifies no signature.
    /// </summary>
    /// <exception cref="AwsAuthenticationException">
    /// <c>InvalidClientTokenId</c> for an unknown or inactive key, a missing or wrong token, or a
    /// token sent with a long-term key; <c>ExpiredToken</c> for an expired session.
    /// </exception>
    Task<ResolvedAccessKey> ResolveAsync(string accessKeyId, string? sessionToken, CancellationToken cancellationToken);

    /// <summary>
    /// Records a successful use of a long-term key for <c>GetAccessKeyLastUsed</c>. Writes only
    /// when the stored value is older than a few minutes or names another service or region.
    /// </summary>
    Task RecordUseAsync(ResolvedAccessKey key, string service, string region, CancellationToken cancellationToken);
}
