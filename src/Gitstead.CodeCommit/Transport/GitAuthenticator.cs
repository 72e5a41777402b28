using Gitstead.Auth.GitBasic;
using Gitstead.Auth.SigV4;
using Gitstead.Aws;
using Gitstead.Iam.ServiceCredentials;

namespace Gitstead.CodeCommit.Transport;

/// <summary>
/// Who is behind a Git request (DESIGN.md decision 4): Basic auth only, with either a SigV4
/// password from <c>aws codecommit credential-helper</c> / git-remote-codecommit, or HTTPS Git
/// credentials (a service-specific credential). Never logs or keeps the password.
/// </summary>
internal sealed class GitAuthenticator(IGitSigV4Authenticator sigV4, GitCredentialVerifier credentials, GitRegions regions)
{
    /// <summary>The caller, or null when the header is missing or malformed or the login is not valid.</summary>
    /// <param name="login">The parsed Basic credentials.</param>
    /// <param name="signedPath">The path a SigV4 password signs: <c>/v1/repos/NAME</c> as in the URL.</param>
    /// <param name="hostHeader">The Host header as received.</param>
    /// <param name="region">The request's region.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public async Task<Caller?> AuthenticateAsync(
        BasicCredentials login, string signedPath, string hostHeader, string region, CancellationToken cancellationToken)
    {
        if (GitSigV4Password.TryParse(login.UserName, login.Password, out var sigV4Login))
        {
            var target = new GitSigV4Target(signedPath, hostHeader, regions.SigningCandidates(region));
            return await sigV4.AuthenticateAsync(sigV4Login, target, cancellationToken);
        }

        var user = await credentials.VerifyGitPasswordAsync(login.UserName, login.Password, cancellationToken);
        return user is null
            ? null
            : Caller.User(user.AccountId, user.Path, user.UserName, user.UserId, user.UserKey) with { CredentialId = user.CredentialId, PolicyGeneration = user.PolicyGeneration };
    }
}
