using Gitstead.Aws;
using Gitstead.Iam.Sts;
using Gitstead.Kms.Envelope;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gitstead.UnitTests.Iam;

/// <summary>The SessionCredential rows GetSessionToken writes are what SigV4 verification reads.</summary>
public sealed class SessionTokenServiceTests : IAsyncLifetime
{
    private IamDatabase _iam = null!;

    private SessionTokenService Sessions => _iam.Get<SessionTokenService>();

    public async Task InitializeAsync() => _iam = await IamDatabase.CreateAsync();

    public async Task DisposeAsync() => await _iam.DisposeAsync();

    [Theory]
    [InlineData(false, null, 43_200)]
    [InlineData(false, 900, 900)]
    [InlineData(false, 129_600, 129_600)]
    [InlineData(true, null, 3_600)]
    [InlineData(true, 900, 900)]
    [InlineData(true, 129_600, 3_600)]
    public void Duration_UserOrRoot_DefaultsAndRootCap(bool root, int? requested, int expected)
    {
        // Arrange
        var caller = root ? Root("AKIAROOT") : User("AKIAUSER", 7);

        // Act / Assert
        Assert.Equal(expected, SessionTokenService.Duration(caller, requested));
    }

    [Fact]
    public async Task GetSessionToken_UserCaller_RowHoldsSealedSecretTokenHashAndExpiry()
    {
        // Arrange
        _iam.Time.SetUtcNow(new DateTimeOffset(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero));
        var user = await _iam.AddUserAsync("dev");

        // Act
        var issued = await Sessions.GetSessionTokenAsync(_iam.Call(User("AKIAPARENT", user.Key)), 900, false, default);

        // Assert
        Assert.StartsWith("ASIA", issued.AccessKeyId);
        Assert.Equal(20, issued.AccessKeyId.Length);
        Assert.Equal(40, issued.SecretAccessKey.Length);
        Assert.Equal(new DateTime(2026, 3, 4, 5, 21, 7, DateTimeKind.Utc), issued.Expiration);
        await using var context = _iam.Db.Create();
        var row = await context.SessionCredentials.SingleAsync(s => s.AccessKeyId == issued.AccessKeyId);
        Assert.Equal(user.Key, row.UserKey);
        Assert.Equal("AKIAPARENT", row.ParentAccessKeyId);
        Assert.Equal(issued.Expiration, row.Expiration);
        Assert.True(_iam.Get<SecretHasher>().Verify(SecretPurposes.SessionToken, issued.SessionToken, row.TokenHash));
        Assert.Equal(issued.SecretAccessKey, _iam.Get<EnvelopeEncryption>().Decrypt(row.SecretCiphertext, SecretPurposes.SessionKey(issued.AccessKeyId)));
    }

    [Fact]
    public async Task GetSessionToken_Token_IsLongBase64()
    {
        // Act
        var issued = await Sessions.GetSessionTokenAsync(_iam.Call(Root("AKIAROOT")), null, false, default);

        // Assert
        Assert.True(issued.SessionToken.Length > 300);
        Assert.Equal(239, Convert.FromBase64String(issued.SessionToken).Length);
    }

    [Fact]
    public async Task GetSessionToken_TemporaryCaller_AccessDenied()
    {
        // Arrange
        var caller = Root("ASIASESSION") with { IsTemporary = true };

        // Act
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Sessions.GetSessionTokenAsync(_iam.Call(caller), null, false, default));

        // Assert
        Assert.Equal("AccessDenied", error.Code);
        Assert.Equal(403, error.StatusCode);
        Assert.Equal("Cannot call GetSessionToken with session credentials", error.Message);
    }

    [Fact]
    public async Task GetSessionToken_LongExpiredRows_AreRemoved()
    {
        // Arrange
        var old = await Sessions.GetSessionTokenAsync(_iam.Call(Root("AKIAROOT")), 900, false, default);
        _iam.Time.Advance(TimeSpan.FromDays(8));

        // Act
        var fresh = await Sessions.GetSessionTokenAsync(_iam.Call(Root("AKIAROOT")), 900, false, default);

        // Assert
        await using var context = _iam.Db.Create();
        Assert.False(await context.SessionCredentials.AnyAsync(s => s.AccessKeyId == old.AccessKeyId));
        Assert.True(await context.SessionCredentials.AnyAsync(s => s.AccessKeyId == fresh.AccessKeyId));
    }

    private Caller Root(string accessKeyId) =>
        Caller.Root(_iam.AccountId) with { AccessKeyId = accessKeyId };

    private Caller User(string accessKeyId, long userKey) =>
        Caller.User(_iam.AccountId, "/", "dev", "AIDAEXAMPLE", userKey) with { AccessKeyId = accessKeyId };
}
