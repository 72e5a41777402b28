namespace Gitstead.CodeCommit.Ssh;

/// <summary>
/// Git over SSH (section <c>Ssh</c>; switch <c>--ssh-port</c>): OpenSSH's <c>sshd</c>, run and
/// supervised by Gitstead (DESIGN.md decision 11).
/// </summary>
public sealed class SshOptions
{
    /// <summary>The port sshd listens on; 0 turns SSH off.</summary>
    public int Port { get; set; } = 2222;

    /// <summary>The address sshd listens on (<c>ListenAddress</c>); loopback unless set.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The sshd binary (Debian's <c>openssh-server</c>).</summary>
    public string SshdPath { get; set; } = "/usr/sbin/sshd";

    /// <summary>
    /// The <c>libnss_wrapper.so</c> sshd runs with (Debian's <c>libnss-wrapper</c>), so SSH key ids
    /// resolve as user names without touching the system's users; found under <c>/usr/lib</c> when unset.
    /// </summary>
    public string? NssWrapperPath { get; set; }

    /// <summary>The host shown in <c>cloneUrlSsh</c> when it differs from the HTTPS URL's host; unset uses that host.</summary>
    public string? CloneHost { get; set; }
}
