using Gitstead.Aws;
using Gitstead.Kms.Envelope;
using Gitstead.Storage;

namespace Gitstead.Iam.ServiceCredentials;

/// <summary>The IAM user a Git Basic login with a service-specific credential authenticates as.</summary>
/// <param name="AccountId">12-digit account id.</param>
/// <param name="UserKey">Database key of the IAM user.</param>
/// <param name="UserName">IAM user name.</param>
/// <param name="Path">The user's path, <c>/</c> or <c>/a/b/</c>.</param>
/// <param name="UserId">Unique id of the user, <c>AIDA…</c>.</param>
/// <param name="CredentialId">The credential used, <c>ACCA…</c> (for audit).</param>
/// <param name="PolicyGeneration">The account's policy generation, read with the credential.</param>
public sealed record GitCredentialLogin(
    string AccountId,
    long UserKey,
    string UserName,
    string Path,
    string UserId,
    string CredentialId,
    long PolicyGeneration)
{
    /// <summary><c>arn:aws:iam::ACCT:user/PATH/NAME</c>.</summary>
    public string UserArn => Arns.User(AccountId, Path, UserName);
}

/// <summary>
/// Checks a Git Basic login made with HTTPS Git credentials (user name <c>USER-at-ACCOUNT</c>,
/// generated password): one indexed query, then a constant-time comparison of keyed hashes.
/// Reads the database on every call, so a reset, deactivation or deletion takes effect on the
/// next request on every node.
/// </summary>
public sealed class GitCredentialVerifier(PreparedReads reads, SecretHasher hasher)
{
    /// <summary>Longer inputs cannot be a service user name (model: 200) or a generated password.</summary>
    private const int MaxServiceUserName = 200;
    private const int MaxPassword = 256;

    private static readonly byte[] NoHash = new byte[32];

    /// <summary>
    /// The active CodeCommit credential by its unique user name, with its user and the account's
    /// policy generation: every Git request over HTTPS makes this read, so it is kept prepared
    /// (<see cref="PreparedReads"/>).
    /// </summary>
    private static readonly PreparedRead<CredentialRow> Credential = new(
        $"""
        SELECT c."Id", c."AccountId", c."UserKey", c."PasswordHash", u."UserName", u."UserId", u."Path", a."PolicyGeneration"
        FROM "ServiceCredentials" AS c
        INNER JOIN "Users" AS u ON c."UserKey" = u."Key"
        INNER JOIN "Accounts" AS a ON c."AccountId" = a."Id"
        WHERE c."ServiceUserName" = @p0 AND c."Status" = '{ServiceCredentialService.Active}' AND c."ServiceName" = '{ServiceCredentialService.CodeCommit}'
        LIMIT 1
        """,
        r => !r.Read() ? null : new CredentialRow(
            r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetFieldValue<byte[]>(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetInt64(7)));

    /// <summary>
    /// The user behind an <c>Active</c> CodeCommit credential whose password matches; null for
    /// an unknown user name, an inactive credential or a wrong password alike.
    /// </summary>
    public async Task<GitCredentialLogin?> VerifyGitPasswordAsync(string serviceUserName, string password, CancellationToken cancellationToken)
    {
        if (serviceUserName.Length is 0 or > MaxServiceUserName || password.Length is 0 or > MaxPassword)
        {
            return null;
        }

        var found = await reads.ReadAsync(Credential, cancellationToken, serviceUserName);

        // Hash even when nothing was found, so the answer takes as long either way.
        var matches = hasher.Verify(SecretPurposes.ServiceCredentialPassword, password, found?.PasswordHash ?? NoHash);
        if (found is null || !matches)
        {
            return null;
        }

        return new GitCredentialLogin(
            found.AccountId,
            found.UserKey,
            found.UserName,
            found.Path,
            found.UserId,
            found.Id,
            found.PolicyGeneration);
    }

    private sealed record CredentialRow(
        string Id, string AccountId, long UserKey, byte[] PasswordHash, string UserName, string UserId, string Path, long PolicyGeneration);
}
