using Gitstead.Auth.Credentials;
using Gitstead.Auth.SigV4;
using Gitstead.Aws;

namespace Gitstead.Auth.GitBasic;

internal sealed class GitSigV4Authenticator(IAccessKeyResolver keys, TimeProvider time) : IGitSigV4Authenticator
{
    public async Task<Caller?> AuthenticateAsync(GitSigV4Login login, GitSigV4Target target, CancellationToken cancellationToken)
    {
        if (!GitSigV4Password.IsWithinWindow(login, time.GetUtcNow()))
        {
            return null;
        }

        ResolvedAccessKey key;
        try
        {
            key = await keys.ResolveAsync(login.AccessKeyId, login.SessionToken, cancellationToken);
        }
        catch (AwsAuthenticationException)
        {
            return null;
        }

        var hosts = GitSigV4Password.HostCandidates(target.HostHeader);
        var region = GitSigV4Password.Verify(login, key.SecretAccessKey, target.RepositoryPath, hosts, target.Regions);
        if (region is null)
        {
            return null;
        }

        await keys.RecordUseAsync(key, GitSigV4Password.Service, region, cancellationToken);
        return key.Caller;
    }
}
