using Gitstead.Auth.GitBasic;
using Gitstead.Auth.SigV4;
using Gitstead.Aws;
using Gitstead.Iam.ServiceCredentials;

namespace Gitstead.CodeCommit.Transport;

/// <summary>
/// Who is behind a Git request (DESIGN.md decision 4): Basic auth with either a SigV4 password
/// (<c>aws codecommit credential-helper</c>, git-remote-codecommit) or HTTPS Git credentials
/// (a service-specific credential). Never logs or keeps the password.
/// </summary>
internal sealed class GitAuthenticator(IGitSigV4Authenticator sigV4, GitCredentialVerifier credentials, GitRegions regions) : IGitAuthenticator
{
    public Task<Caller?> AuthenticateAsync(GitLogin login, string region, CancellationToken cancellationToken) => login switch
    {
        BasicGitLogin basic => AuthenticateBasicAsync(basic, region, cancellationToken),
        _ => Task.FromResult<Caller?>(null),
    };

    private async Task<Caller?> AuthenticateBasicAsync(BasicGitLogin login, string region, CancellationToken cancellationToken)
    {
        var basic = login.Credentials;
        if (GitSigV4Password.TryParse(basic.UserName, basic.Password, out var sigV4Login))
        {
            var target = new GitSigV4Target(login.SignedPath, login.HostHeader, regions.SigningCandidates(region));
            return await sigV4.AuthenticateAsync(sigV4Login, target, cancellationToken);
        }

        var user = await credentials.VerifyGitPasswordAsync(basic.UserName, basic.Password, cancellationToken);
        return user is null
            ? null
            : Caller.User(user.AccountId, user.Path, user.UserName, user.UserId, user.UserKey) with
            {
                CredentialId = user.CredentialId,
                PolicyGeneration = user.PolicyGeneration,
            };
    }
}
