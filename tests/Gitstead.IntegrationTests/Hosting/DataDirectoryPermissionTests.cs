using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Hosting;

/// <summary>
/// A server whose operator made the data directory readable by everyone (0755) still creates
/// every file owner-only, and its local CA can vouch only for the names it serves.
/// </summary>
public sealed class DataDirectoryPermissionTests(WorldReadableDataDirServer server) : IClassFixture<WorldReadableDataDirServer>
{
    [Fact]
    public async Task FilesInAWorldReadableDataDirectory_AreOwnerOnly()
    {
        // A write makes SQLite's -wal and -shm exist.
        await server.CreateUserAsync(GitsteadServer.UniqueName("perm"));
        var repository = (await server.RunAwsAsync(server.Root, "codecommit", "create-repository", "--repository-name", GitsteadServer.UniqueName("perm"))).Ok();
        Assert.NotNull(repository);

        var loose = new List<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(server.DataDir, "*", SearchOption.AllDirectories))
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            {
                loose.Add($"{Path.GetRelativePath(server.DataDir, path)} {mode}");
            }
        }

        Assert.True(File.Exists(Path.Combine(server.DataDir, "gitstead.db-wal")), "the database runs in WAL mode");
        Assert.Empty(loose);
    }

    [Fact]
    public void LocalCa_IsNameConstrained_ToLocalhostAndLoopback()
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(server.CaBundlePath);

        var constraints = ca.Extensions["2.5.29.30"];

        Assert.NotNull(constraints);
        Assert.True(constraints.Critical);
    }

    [Theory]
    [InlineData("example.com", false)]
    [InlineData("git-codecommit.us-east-1.amazonaws.com", false)]
    [InlineData("git-codecommit.us-east-1.localhost", true)]
    public void CertificateSignedByTheCaKey_IsTrustedOnlyForLocalNames(string host, bool trusted)
    {
        var caPublic = X509CertificateLoader.LoadCertificateFromFile(server.CaBundlePath);
        using var ca = X509Certificate2.CreateFromPemFile(server.CaBundlePath, Path.Combine(server.DataDir, "tls", "ca.key"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(host);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var leaf = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(8));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(caPublic);

        var built = chain.Build(leaf);

        Assert.True(built == trusted, string.Join("; ", chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation}")));
    }
}

/// <summary>A SQLite server whose data directory exists before the first start with mode 0755.</summary>
public sealed class WorldReadableDataDirServer : SqliteServer
{
    public WorldReadableDataDirServer()
    {
        File.SetUnixFileMode(DataDir,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }
}
