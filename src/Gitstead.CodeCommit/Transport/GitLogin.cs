using Gitstead.Aws;

namespace Gitstead.CodeCommit.Transport;

/// <summary>The credential a Git request came with; each transport makes its own kind.</summary>
internal abstract record GitLogin
{
    /// <summary>
    /// The name a password login claims, safe to log and to count failed sign-ins under (a
    /// Git credential's user name, or a SigV4 password's access key id, never its session
    /// token); null for logins that cannot be guessed, which are not throttled.
    /// </summary>
    public virtual string? UserName => null;
}

/// <summary>
/// Basic authentication over HTTPS: HTTPS Git credentials, or a SigV4 password from
/// <c>aws codecommit credential-helper</c> / git-remote-codecommit, which signs the path and host.
/// </summary>
/// <param name="Credentials">The parsed header.</param>
/// <param name="SignedPath">The path a SigV4 password signs: <c>/v1/repos/NAME</c> as in the URL.</param>
/// <param name="HostHeader">The Host header as received.</param>
internal sealed record BasicGitLogin(BasicCredentials Credentials, string SignedPath, string HostHeader) : GitLogin
{
    public override string UserName
    {
        get
        {
            var name = Credentials.UserName.Split('%', 2)[0];
            return string.Concat(name.Take(256).Select(c => char.IsControl(c) ? '?' : c));
        }
    }
}

/// <summary>
/// An SSH login: sshd has already checked the client's signature against the key the server
/// named for this key id (the SSH user name); what is left is whether that key and its user
/// are still active at the time of the Git request.
/// </summary>
/// <param name="KeyId">The SSH key id, <c>APKA…</c>.</param>
internal sealed record SshGitLogin(string KeyId) : GitLogin;

/// <summary>
/// "Who is behind this Git request?" One interface for every transport: Basic credentials
/// over HTTPS, SSH public keys over SSH. Never logs or keeps a secret.
/// </summary>
internal interface IGitAuthenticator
{
    /// <summary>The caller, or null when the login is not valid (unknown, inactive, deleted, wrong or expired).</summary>
    /// <param name="login">The credential presented.</param>
    /// <param name="region">The request's region (a SigV4 password is checked against it first).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    Task<Caller?> AuthenticateAsync(GitLogin login, string region, CancellationToken cancellationToken);
}
