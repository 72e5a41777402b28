using Gitstead.IntegrationTests.Support;

namespace Gitstead.IntegrationTests.Git;

/// <summary>What one run of the real git produced, with the server log's end for failure messages.</summary>
internal sealed record GitRun(string Command, int ExitCode, string Stdout, string Stderr, string ServerLogTail)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>stdout, trimmed; fails the test with git's output and the server log when git failed.</summary>
    public string Ok() => Succeeded ? Stdout.Trim() : throw new InvalidOperationException($"expected success: {this}");

    /// <summary>stderr; fails the test when git succeeded.</summary>
    public string Failed() => Succeeded ? throw new InvalidOperationException($"expected failure: {this}") : Stderr;

    public override string ToString() =>
        $"git {Command} exited with {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}\n--- server log ---\n{ServerLogTail}";
}

/// <summary>
/// The real git over HTTPS as a user runs it: its own HOME and an empty global config, trust in
/// the server's CA only (GIT_SSL_CAINFO; TLS verification stays on), never a prompt
/// (GIT_TERMINAL_PROMPT=0), logins in a <c>store</c> credential-helper file or from the aws
/// CLI credential helper.
/// </summary>
internal sealed class GitClient : IDisposable
{
    private readonly GitsteadServer _server;

    public GitClient(GitsteadServer server)
    {
        _server = server;
        Root = Directory.CreateTempSubdirectory("gitstead-it-git-").FullName;
        File.WriteAllText(GlobalConfig, "");
    }

    /// <summary>A private directory for clones, credential files and HOME.</summary>
    public string Root { get; }

    private string GlobalConfig => Path.Combine(Root, ".gitconfig");

    /// <summary>The <c>-c</c> options of the aws CLI credential helper, as AWS's setup guide configures it plus <c>--ignore-host-check</c>.</summary>
    public static string[] SigV4Helper =>
    [
        "-c", "credential.helper=",
        "-c", "credential.helper=!aws codecommit credential-helper --ignore-host-check $@",
        "-c", "credential.UseHttpPath=true",
    ];

    /// <summary>A path for a new clone under <see cref="Root"/>.</summary>
    public string NewPath(string name) => Path.Combine(Root, $"{name}-{Guid.NewGuid().ToString("N")[..8]}");

    /// <summary>
    /// Writes the HTTPS Git credentials to a <c>store</c> helper file for the host of
    /// <paramref name="url"/>, and returns the <c>-c</c> options that make git use only that file.
    /// </summary>
    public string[] LoginWith(GitCredentials credentials, string url) =>
        LoginWith(credentials.ServiceUserName, credentials.ServicePassword, url);

    public string[] LoginWith(string userName, string password, string url)
    {
        var file = Path.Combine(Root, $"credentials-{Guid.NewGuid():N}");
        File.WriteAllText(file, $"https://{Uri.EscapeDataString(userName)}:{Uri.EscapeDataString(password)}@{new Uri(url).Authority}\n");
        return ["-c", "credential.helper=", "-c", $"credential.helper=store --file={file}"];
    }

    /// <summary>Runs <c>git -C DIRECTORY ARGS</c>.</summary>
    public Task<GitRun> RunAsync(string directory, params string[] args) => RunAsync(directory, null, args);

    /// <summary>Runs git with extra environment variables (the aws CLI's, GIT_TRACE_*).</summary>
    public async Task<GitRun> RunAsync(string directory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var env = Environment();
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        var result = await ProcessRunner.RunAsync("git", ["-C", directory, .. args], env);
        return new GitRun(string.Join(' ', args.Where(a => !a.StartsWith("credential.helper=store", StringComparison.Ordinal))),
            result.ExitCode, result.Stdout, result.Stderr, _server.Log.Tail());
    }

    /// <summary>How to start <paramref name="program"/> (git, or a wrapper of it) with this client's environment, for a test that must signal it.</summary>
    public System.Diagnostics.ProcessStartInfo StartInfo(string program, params string[] args) => ProcessRunner.StartInfo(program, args, Environment());

    /// <summary>Runs git and returns its trimmed stdout; fails the test when git fails.</summary>
    public async Task<string> OkAsync(string directory, params string[] args) => (await RunAsync(directory, args)).Ok();

    /// <summary>Writes a file and commits it.</summary>
    public async Task<string> CommitAsync(string clone, string file, string content, string message)
    {
        var path = Path.Combine(clone, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, content);
        await OkAsync(clone, "add", file);
        await OkAsync(clone, "commit", "-q", "-m", message);
        return await OkAsync(clone, "rev-parse", "HEAD");
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["HOME"] = Root,
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_CONFIG_GLOBAL"] = GlobalConfig,
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_ASKPASS"] = "",
        ["SSH_ASKPASS"] = "",
        ["GIT_SSL_CAINFO"] = _server.CaBundlePath,
        ["GIT_AUTHOR_NAME"] = "Saanvi Sarkar",
        ["GIT_AUTHOR_EMAIL"] = "saanvi_sarkar@example.com",
        ["GIT_COMMITTER_NAME"] = "Saanvi Sarkar",
        ["GIT_COMMITTER_EMAIL"] = "saanvi_sarkar@example.com",
        ["LC_ALL"] = "C",
    };
}
