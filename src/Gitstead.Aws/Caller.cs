namespace Gitstead.Aws;

/// <summary>
/// The authenticated principal of a request: the account root or an IAM user, with the parts
/// its ARN is made of, so nothing has to parse the ARN back. Made by <see cref="Root"/> and
/// <see cref="User"/>; the credential that authenticated it is set with <c>with</c>/<c>init</c>.
/// </summary>
public sealed record Caller
{
    private Caller(string accountId, string userId, string? userName, string? path, long? userKey)
    {
        AccountId = accountId;
        UserId = userId;
        UserName = userName;
        Path = path;
        UserKey = userKey;
        Arn = userName is null ? Arns.Root(accountId) : Arns.User(accountId, path!, userName);
    }

    /// <summary>The account's root user: its unique id is the account id.</summary>
    public static Caller Root(string accountId) => new(accountId, accountId, null, null, null);

    /// <summary>An IAM user.</summary>
    /// <param name="accountId">12-digit account id.</param>
    /// <param name="path">The user's path, <c>/</c> or <c>/a/b/</c>.</param>
    /// <param name="userName">The user's name.</param>
    /// <param name="userId">Unique id, <c>AIDA…</c>.</param>
    /// <param name="userKey">Internal database key of the user.</param>
    public static Caller User(string accountId, string path, string userName, string userId, long userKey) =>
        new(accountId, userId, userName, path, userKey);

    /// <summary>12-digit account id.</summary>
    public string AccountId { get; }

    /// <summary><c>arn:aws:iam::ACCT:root</c> or <c>arn:aws:iam::ACCT:user/PATH/NAME</c>.</summary>
    public string Arn { get; }

    /// <summary>Unique id: the account id for the root, <c>AIDA…</c> for a user.</summary>
    public string UserId { get; }

    /// <summary>IAM user name; null for the root.</summary>
    public string? UserName { get; }

    /// <summary>The IAM user's path (<c>/</c> or <c>/a/b/</c>); null for the root.</summary>
    public string? Path { get; }

    /// <summary>Internal database key of the IAM user; null for the root.</summary>
    public long? UserKey { get; }

    public bool IsRoot => UserName is null;

    /// <summary>The access key that signed the request (SigV4 or a Git SigV4 password), if any.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>
    /// The credential that authenticated the request: the access key id, an HTTPS Git
    /// credential id (<c>ACCA…</c>) or an SSH public key id (<c>APKA…</c>); null when unknown.
    /// </summary>
    public string? CredentialId { get; init; }

    /// <summary>True when the key is an STS session key (<c>ASIA…</c>).</summary>
    public bool IsTemporary { get; init; }

    /// <summary>True only for sessions created with MFA.</summary>
    public bool MultiFactorAuthPresent { get; init; }

    /// <summary>
    /// The account's policy generation, read in the same query as the credential; null when
    /// not read. Parsed policies cached under an equal generation are still the user's.
    /// </summary>
    public long? PolicyGeneration { get; init; }
}
