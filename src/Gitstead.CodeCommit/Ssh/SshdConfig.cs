using System.Text;

namespace Gitstead.CodeCommit.Ssh;

/// <summary>
/// The files sshd runs with, all written by Gitstead: <c>sshd_config</c>, and the user and group
/// files that make every SSH key id a user name sshd can resolve (read through nss_wrapper by
/// sshd alone; the system's users are untouched).
/// </summary>
internal static class SshdConfig
{
    /// <summary>
    /// Only key logins through <c>AuthorizedKeysCommand</c>; no shell, forwarding, TTY, user rc
    /// or environment beyond <c>GIT_PROTOCOL</c>; bounded unauthenticated connections; only
    /// modern algorithms (OpenSSH 9's defaults without SHA-1 and NIST curves).
    /// </summary>
    public static string Render(SshOptions options, IEnumerable<string> hostKeys, string keysCommand, string keysCommandUser, bool asRoot)
    {
        var config = new StringBuilder();
        config.AppendLine("# Written by Gitstead at every start; changes here are overwritten.");
        config.AppendLine($"Port {options.Port}");
        config.AppendLine($"ListenAddress {options.ListenAddress}");
        foreach (var key in hostKeys)
        {
            config.AppendLine($"HostKey {Quote(key)}");
        }

        config.AppendLine("""
            PidFile none
            UsePAM no
            UseDNS no
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            HostbasedAuthentication no
            AuthenticationMethods publickey
            AuthorizedKeysFile none
            """);
        config.AppendLine($"AuthorizedKeysCommand {keysCommand}");
        config.AppendLine($"AuthorizedKeysCommandUser {keysCommandUser}");
        config.AppendLine($"PermitRootLogin {(asRoot ? "forced-commands-only" : "no")}");
        config.AppendLine("""
            DisableForwarding yes
            AllowAgentForwarding no
            AllowTcpForwarding no
            AllowStreamLocalForwarding no
            X11Forwarding no
            PermitTunnel no
            GatewayPorts no
            PermitTTY no
            PermitUserRC no
            PermitUserEnvironment no
            PermitListen none
            PermitOpen none
            AcceptEnv GIT_PROTOCOL
            MaxStartups 20:30:100
            MaxAuthTries 6
            MaxSessions 4
            LoginGraceTime 30
            ClientAliveInterval 60
            ClientAliveCountMax 5
            PrintMotd no
            PrintLastLog no
            Banner none
            VersionAddendum none
            Compression no
            KexAlgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org
            Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes128-ctr
            MACs hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,umac-128-etm@openssh.com
            HostKeyAlgorithms ssh-ed25519,rsa-sha2-512,rsa-sha2-256
            PubkeyAcceptedAlgorithms rsa-sha2-512,rsa-sha2-256,ssh-ed25519
            LogLevel INFO
            """);
        return config.ToString();
    }

    /// <summary>
    /// The system's users followed by one user per key id, with this process's uid and gid, its
    /// runtime directory as home and <c>/bin/sh</c> as shell (sshd runs the forced command with it).
    /// </summary>
    public static string Users(string systemUsers, IEnumerable<string> keyIds, int uid, int gid, string home)
    {
        var users = new StringBuilder(systemUsers);
        if (users.Length > 0 && users[^1] != '\n')
        {
            users.Append('\n');
        }

        foreach (var id in keyIds)
        {
            users.Append($"{id}:x:{uid}:{gid}:Gitstead SSH key:{home}:/bin/sh\n");
        }

        return users.ToString();
    }

    /// <summary>
    /// A path or argument for sshd_config: as it is, or double-quoted when it holds white space
    /// (sshd splits arguments on it; a program path itself must be unquoted and absolute).
    /// </summary>
    public static string Quote(string value)
    {
        if (value.Contains('"', StringComparison.Ordinal))
        {
            throw new ArgumentException("A path for sshd_config may not contain '\"'.", nameof(value));
        }

        return value.Any(char.IsWhiteSpace) ? $"\"{value}\"" : value;
    }

    /// <summary>A word for <c>/bin/sh</c> (the forced command runs through the user's shell).</summary>
    public static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
