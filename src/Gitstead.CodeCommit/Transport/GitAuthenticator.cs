using Gitstead.Auth.GitBasic;
using Gitstead.Auth.SigV4;
using Gitstead.Aws;
using Gitstead.Iam.ServiceCredentials;
using Gitstead.Iam.SshKeys;

namespace Gitstead.CodeCommit.Transport;

/// <summary>
/// Who is behind a Git request (DESIGN.md decision 4): Basic auth with either a SigV4 password
/// (<c>aws codecommit credential-helper</c>, git-remote-codecommit) or HTTPS Git credentials
/// (a service-specific credential); over SSH, the key id sshd accepted, checked again as it is
/// now. Never logs or keeps the password.
/// </summary>
internal sealed class GitAuthenticator(IGitSigV4Authenticator sigV4, GitCredentialVerifier credentials, SshKeyVerifier sshKeys, GitRegions regions)
    : IGitAuthenticator
{
    public Task<Caller?> AuthenticateAsync(GitLogin login, string region, CancellationToken cancellationToken) => login switch
    {
        BasicGitLogin basic => AuthenticateBasicAsync(basic, region, cancellationToken),
        SshGitLogin ssh => AuthenticateSshAsync(ssh, cancellationToken),
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

    private async Task<Caller?> AuthenticateSshAsync(SshGitLogin login, CancellationToken cancellationToken)
    {
        var key = await sshKeys.FindActiveAsync(login.KeyId, cancellationToken);
        return key is null
            ? null
            : Caller.User(key.AccountId, key.Path, key.UserName, key.UserId, key.UserKey) with
            {
                CredentialId = key.KeyId,
                PolicyGeneration = key.PolicyGeneration,
            };
    }
}
