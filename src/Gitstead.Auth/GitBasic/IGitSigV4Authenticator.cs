using Gitstead.Aws;

namespace Gitstead.Auth.GitBasic;

/// <summary>What the Git transport knows about the request a SigV4 password was made for.</summary>
/// <param name="RepositoryPath">The signed path: <c>/v1/repos/NAME</c> as in the request URL (the part before <c>/info/refs</c>, <c>/git-upload-pack</c> or <c>/git-receive-pack</c>), no trailing slash.</param>
/// <param name="HostHeader">The Host header exactly as received, port included.</param>
/// <param name="Regions">Regions to try, most likely first: the one in the host name, the server's default, then the account's others.</param>
public sealed record GitSigV4Target(string RepositoryPath, string HostHeader, IReadOnlyList<string> Regions);

/// <summary>Authenticates a Git Basic login made with the SigV4 password scheme (reference notes §3.3).</summary>
public interface IGitSigV4Authenticator
{
    /// <summary>
    /// Checks the time window, finds the key (active; a session key needs its token and must
    /// be unexpired), recomputes the signature for the host and region candidates, and records
    /// the key's use. Call it only when <see cref="SigV4.GitSigV4Password.TryParse"/> accepts the login.
    /// </summary>
    /// <returns>The caller, or null when the login is not valid for any reason (the transport answers 403).</returns>
    Task<Caller?> AuthenticateAsync(SigV4.GitSigV4Login login, GitSigV4Target target, CancellationToken cancellationToken);
}
