using Gitstead.IntegrationTests.Support;

namespace Gitstead.IntegrationTests.Git;

/// <summary>
/// The real OpenSSH client as a CodeCommit user sets it up: an RSA key pair made with
/// ssh-keygen, its public half uploaded with <c>aws iam upload-ssh-public-key</c>, and an
/// <c>ssh_config</c> of its own (the server's host keys as the only known hosts, never a prompt).
/// <c>*.localhost</c> names are sent to 127.0.0.1, since the resolver of the OpenSSH client does
/// not map them to loopback as curl does.
/// </summary>
internal sealed class SshLogin
{
    private readonly string _home;

    private SshLogin(string keyId, string identity, string config, int port, string home)
    {
        _home = home;
        KeyId = keyId;
        Identity = identity;
        Config = config;
        Port = port;
    }

    public string KeyId { get; }

    public string Identity { get; }

    /// <summary>The ssh_config file: Host *.localhost → 127.0.0.1, the key, strict host key checking.</summary>
    public string Config { get; }

    public int Port { get; }

    /// <summary><c>ssh://KEYID@127.0.0.1:PORT/v1/repos/NAME</c>: the key id as user name in the URL.</summary>
    public string UrlWithKeyId(string name) => $"ssh://{KeyId}@127.0.0.1:{Port}/v1/repos/{name}";

    /// <summary>GIT_SSH_COMMAND for git: ssh with this login's config.</summary>
    public Dictionary<string, string> Environment() => new() { ["GIT_SSH_COMMAND"] = $"ssh -F {Config}" };

    /// <summary>
    /// Makes a key pair in the client's directory and uploads it for the user (as the account
    /// root unless <c>uploader</c> is given). With <c>userInConfig</c>, the config also has
    /// <c>User KEYID</c>, as CodeCommit's guide sets it up.
    /// </summary>
    public static async Task<SshLogin> CreateAsync(GitsteadServer server, int port, GitClient git, string userName, bool userInConfig = false, Credentials uploader = null)
    {
        var identity = Path.Combine(git.Root, $"id_rsa_{Guid.NewGuid():N}");
        var keygen = await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", "rsa", "-b", "2048", "-N", "", "-C", userName, "-f", identity], new Dictionary<string, string>());
        if (keygen.ExitCode != 0)
        {
            throw new InvalidOperationException($"ssh-keygen failed: {keygen.Stderr}");
        }

        var keyId = (string)(await server.Boto3Async(uploader ?? server.Root, "iam", "UploadSSHPublicKey",
            new { UserName = userName, SSHPublicKeyBody = File.ReadAllText(identity + ".pub").Trim() })).Ok()["SSHPublicKey"]!["SSHPublicKeyId"];
        var knownHosts = Path.Combine(git.Root, "known_hosts");
        var hostKeys = Directory.GetFiles(Path.Combine(server.DataDir, "ssh"), "ssh_host_*_key.pub")
            .Select(f => $"[127.0.0.1]:{port} {File.ReadAllText(f).Trim()}");
        File.WriteAllLines(knownHosts, hostKeys);
        var config = Path.Combine(git.Root, $"ssh_config_{Guid.NewGuid():N}");
        File.WriteAllText(config, $"""
            Host *.localhost 127.0.0.1
              HostName 127.0.0.1
              Port {port}
              IdentityFile {identity}
              IdentitiesOnly yes
              StrictHostKeyChecking yes
              UserKnownHostsFile {knownHosts}
              HostKeyAlias [127.0.0.1]:{port}
              BatchMode yes
              LogLevel ERROR
            {(userInConfig ? $"  User {keyId}" : "")}
            """);
        return new SshLogin(keyId, identity, config, port, git.Root);
    }

    /// <summary>Runs the ssh client itself with this login (for what git never asks: a shell, a forwarding).</summary>
    public Task<ProcessResult> SshAsync(params string[] args) =>
        ProcessRunner.RunAsync("ssh", ["-F", Config, "-o", "ConnectTimeout=30", .. args], new Dictionary<string, string> { ["HOME"] = _home }, stdin: "", timeout: TimeSpan.FromMinutes(2));
}
