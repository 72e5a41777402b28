using Gitstead.IntegrationTests.Support;

namespace Gitstead.IntegrationTests.Iam;

/// <summary>Keys made by the real <c>ssh-keygen</c> in a directory of the test's own.</summary>
internal sealed class SshKeygen : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gitstead-ssh-").FullName;

    /// <summary>A new key's public file, <c>ssh-rsa BASE64 COMMENT</c> (or <c>ssh-ed25519 …</c>).</summary>
    public async Task<string> NewKeyAsync(string type = "rsa", int bits = 2048)
    {
        var file = Path.Combine(_dir, $"id_{type}_{bits}_{Guid.NewGuid():N}");
        string[] size = type == "rsa" ? ["-b", bits.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];
        await RunAsync(["-q", "-t", type, .. size, "-N", "", "-C", "test@gitstead", "-f", file]);
        return file + ".pub";
    }

    /// <summary>What <c>ssh-keygen -l -E md5</c> prints after <c>MD5:</c>.</summary>
    public static async Task<string> Md5FingerprintAsync(string publicKeyFile)
    {
        var line = await RunAsync(["-l", "-E", "md5", "-f", publicKeyFile]);
        return line.Split(' ')[1]["MD5:".Length..];
    }

    /// <summary><c>ssh-keygen -e -m PKCS8</c>: the key as a PEM SubjectPublicKeyInfo.</summary>
    public static Task<string> ToPemAsync(string publicKeyFile) => RunAsync(["-e", "-m", "PKCS8", "-f", publicKeyFile]);

    /// <summary><c>ssh-keygen -i -m PKCS8</c>: a PEM public key back to the OpenSSH line.</summary>
    public async Task<string> FromPemAsync(string pem)
    {
        var file = Path.Combine(_dir, $"{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(file, pem);
        return await RunAsync(["-i", "-m", "PKCS8", "-f", file]);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<string> RunAsync(string[] args)
    {
        var result = await ProcessRunner.RunAsync("ssh-keygen", args, new Dictionary<string, string>());
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ssh-keygen {string.Join(' ', args)} failed: {result.Stderr}");
        }

        return result.Stdout.Trim();
    }
}
