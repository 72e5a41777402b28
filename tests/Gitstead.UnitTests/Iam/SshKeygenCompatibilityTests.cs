using System.ComponentModel;
using System.Diagnostics;
using Gitstead.Iam.SshKeys;
using Xunit;

namespace Gitstead.UnitTests.Iam;

/// <summary>
/// Fresh keys from the real <c>ssh-keygen</c>: the fingerprint is what it prints, and the PEM
/// form converts back to the same key in both directions. ssh-keygen is required: test.sh installs
/// openssh-client, so a run where it cannot be started fails with that reason rather than passing
/// without having compared anything.
/// </summary>
public sealed class SshKeygenCompatibilityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gitstead-ssh-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(2048)]
    [InlineData(3072)]
    [InlineData(4096)]
    public void Parse_FreshRsaKey_FingerprintIsWhatSshKeygenPrints(int bits)
    {
        // Arrange
        var pubFile = NewKey(bits);
        var expected = SshKeygen("-l", "-E", "md5", "-f", pubFile).Split(' ')[1];

        // Act
        var key = SshPublicKeyParser.Parse(File.ReadAllText(pubFile));

        // Assert
        Assert.Equal(expected, "MD5:" + key.Fingerprint);
        Assert.Equal(bits, key.Bits);
    }

    [Fact]
    public void Parse_SshKeygenPkcs8Export_SameKeyAsOpenSshLine()
    {
        // Arrange
        var pubFile = NewKey(2048);
        var pem = SshKeygen("-e", "-m", "PKCS8", "-f", pubFile);

        // Act
        var fromPem = SshPublicKeyParser.Parse(pem);

        // Assert
        Assert.Equal(SshPublicKeyParser.Parse(File.ReadAllText(pubFile)).Fingerprint, fromPem.Fingerprint);
    }

    [Fact]
    public void Pem_ImportedBySshKeygen_GivesBackTheOpenSshKey()
    {
        // Arrange
        var pubFile = NewKey(2048);
        var original = File.ReadAllText(pubFile).Split(' ');
        var pemFile = Path.Combine(_dir, "key.pem");
        File.WriteAllText(pemFile, SshPublicKeyParser.Parse(File.ReadAllText(pubFile)).Pem);

        // Act
        var imported = SshKeygen("-i", "-m", "PKCS8", "-f", pemFile).Split(' ');

        // Assert
        Assert.Equal(original[1], imported[1]);
    }

    /// <returns>The .pub file of a new key.</returns>
    private string NewKey(int bits)
    {
        var file = Path.Combine(_dir, $"id_rsa_{bits}");
        SshKeygen("-q", "-t", "rsa", "-b", bits.ToString(System.Globalization.CultureInfo.InvariantCulture), "-N", "", "-C", "test@gitstead", "-f", file);
        return file + ".pub";
    }

    private static string SshKeygen(params string[] args)
    {
        var info = new ProcessStartInfo("ssh-keygen") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Start(info);
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ssh-keygen {string.Join(' ', args)} failed: {error}");
        return output.Trim();
    }

    /// <summary>Starts ssh-keygen, or fails the test saying why it could not (never skips).</summary>
    private static Process Start(ProcessStartInfo info)
    {
        try
        {
            return Process.Start(info)!;
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"ssh-keygen could not be run ({ex.Message}); these tests need it: install openssh-client (test.sh does) so ssh-keygen is on the PATH", ex);
        }
    }
}
