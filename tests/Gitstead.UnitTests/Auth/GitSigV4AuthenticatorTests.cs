using Gitstead.Auth.GitBasic;
using Gitstead.Auth.SigV4;
using Gitstead.UnitTests.SigV4;
using Xunit;

namespace Gitstead.UnitTests.Auth;

public sealed class GitSigV4AuthenticatorTests : IAsyncLifetime
{
    // Reference notes §3.1.
    private const string Password = "20240102T030405Z5531115b6207af0605157855f7c7d32d049d9765d570ed168ec7216750fe6354";
    private static readonly GitSigV4Target Target = new("/v1/repos/demo", "git-codecommit.us-east-1.amazonaws.com", ["eu-west-1", "us-east-1"]);

    private AuthDatabase _db = null!;

    private IGitSigV4Authenticator Authenticator => _db.Get<IGitSigV4Authenticator>();

    public async Task InitializeAsync()
    {
        _db = await AuthDatabase.CreateAsync();
        await _db.AddAccessKeyAsync(SigV4Vectors.AccessKeyId, SigV4Vectors.Secret);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task AuthenticateAsync_ReferenceVector_ReturnsTheRootAndRecordsUse()
    {
        // Act
        var caller = await AuthenticateAsync(SigV4Vectors.AccessKeyId, Password, Target);

        // Assert
        Assert.NotNull(caller);
        Assert.Equal("arn:aws:iam::123456789012:root", caller.Arn);
        var key = await _db.AccessKeyAsync(SigV4Vectors.AccessKeyId);
        Assert.Equal("codecommit", key.LastUsedService);
        Assert.Equal("us-east-1", key.LastUsedRegion);
    }

    [Fact]
    public async Task AuthenticateAsync_SixteenMinutesLater_ReturnsNull()
    {
        // Arrange
        _db.Time.Advance(TimeSpan.FromMinutes(16));

        // Act
        var caller = await AuthenticateAsync(SigV4Vectors.AccessKeyId, Password, Target);

        // Assert
        Assert.Null(caller);
    }

    [Fact]
    public async Task AuthenticateAsync_SignedSixteenMinutesAhead_ReturnsNull()
    {
        // Arrange
        var password = GitSigV4Password.ComputePassword(SigV4Vectors.Secret, "20240102T032005", Target.RepositoryPath, Target.HostHeader, "us-east-1");

        // Act
        var caller = await AuthenticateAsync(SigV4Vectors.AccessKeyId, password, Target);

        // Assert
        Assert.Null(caller);
    }

    [Fact]
    public async Task AuthenticateAsync_RegionNotAmongCandidates_ReturnsNull()
    {
        // Act
        var caller = await AuthenticateAsync(SigV4Vectors.AccessKeyId, Password, Target with { Regions = ["eu-west-1"] });

        // Assert
        Assert.Null(caller);
    }

    [Fact]
    public async Task AuthenticateAsync_InactiveKey_ReturnsNull()
    {
        // Arrange
        await _db.SetAccessKeyStatusAsync(SigV4Vectors.AccessKeyId, "Inactive");

        // Act
        var caller = await AuthenticateAsync(SigV4Vectors.AccessKeyId, Password, Target);

        // Assert
        Assert.Null(caller);
    }

    [Fact]
    public async Task AuthenticateAsync_SessionLoginFromCredentialHelper_ReturnsTemporaryCaller()
    {
        // Arrange: the helper strips the port from the host it signs.
        await _db.AddSessionAsync("ASIAGITSESSION000001", "session-secret", "tok/en+==", SigV4Vectors.AccessKeyId, null, SigV4Vectors.SignedAt.AddHours(1));
        var password = GitSigV4Password.ComputePassword("session-secret", "20240102T030405", "/v1/repos/demo", "git-codecommit.us-east-1.localhost", "us-east-1");

        // Act
        var caller = await AuthenticateAsync(
            "ASIAGITSESSION000001%tok/en+==", password, new("/v1/repos/demo", "git-codecommit.us-east-1.localhost:8443", ["us-east-1"]));

        // Assert
        Assert.NotNull(caller);
        Assert.True(caller.IsTemporary);
    }

    private async Task<Gitstead.Aws.Caller?> AuthenticateAsync(string user, string password, GitSigV4Target target)
    {
        Assert.True(GitSigV4Password.TryParse(user, password, out var login));
        return await Authenticator.AuthenticateAsync(login, target, CancellationToken.None);
    }
}
