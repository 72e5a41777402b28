namespace Gitstead.Aws;

/// <summary>The authenticated principal of a request.</summary>
/// <param name="AccountId">12-digit account id.</param>
/// <param name="Arn">Principal ARN: <c>arn:aws:iam::ACCT:root</c> or <c>arn:aws:iam::ACCT:user/PATH/NAME</c>.</param>
/// <param name="UserId">Unique id: the account id for root, <c>AIDA…</c> for a user.</param>
/// <param name="UserName">IAM user name; null for the root.</param>
/// <param name="AccessKeyId">The key that signed the request, if any.</param>
/// <param name="IsTemporary">True when the key is an STS session key (<c>ASIA…</c>).</param>
/// <param name="MultiFactorAuthPresent">True only for sessions created with MFA.</param>
public sealed record Caller(
    string AccountId,
    string Arn,
    string UserId,
    string? UserName,
    string? AccessKeyId,
    bool IsTemporary,
    bool MultiFactorAuthPresent = false)
{
    public bool IsRoot => UserName is null;

    /// <summary>Internal database key of the IAM user; null for the root.</summary>
    public long? UserKey { get; init; }

    /// <summary>
    /// The account's policy generation, read in the same query as the credential; null when
    /// not read. Parsed policies cached under an equal generation are still the user's.
    /// </summary>
    public long? PolicyGeneration { get; init; }
}
