using Gitstead.Auth.Credentials;
using Gitstead.Aws;
using Xunit;

namespace Gitstead.UnitTests.Auth;

public sealed class AccessKeyResolverTests : IAsyncLifetime
{
    private const string ParentKey = "AKIAPARENT0000000001";
    private const string SessionKey = "ASIASESSION000000001";
    private const string Token = "FwoGZXIvYXdzEJr//token+with/slashes==";

    private AuthDatabase _db = null!;
    private long _userKey;

    private IAccessKeyResolver Resolver => _db.Get<IAccessKeyResolver>();

    public async Task InitializeAsync()
    {
        _db = await AuthDatabase.CreateAsync();
        _userKey = (await _db.AddUserAsync("bob")).Key;
        await _db.AddAccessKeyAsync(ParentKey, "parent-secret", _userKey);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task ResolveAsync_UserSessionWithToken_ReturnsTemporaryUserWithMfaFlag()
    {
        // Arrange
        await _db.AddSessionAsync(SessionKey, "session-secret", Token, ParentKey, _userKey, _db.Time.GetUtcNow().AddHours(1), mfa: true);

        // Act
        var key = await Resolver.ResolveAsync(SessionKey, Token, CancellationToken.None);

        // Assert
        Assert.Equal("arn:aws:iam::123456789012:user/bob", key.Caller.Arn);
        Assert.Equal("bob", key.Caller.UserName);
        Assert.Equal(_userKey, key.Caller.UserKey);
        Assert.True(key.Caller.IsTemporary);
        Assert.True(key.Caller.MultiFactorAuthPresent);
        Assert.Equal("session-secret", key.SecretAccessKey);
        Assert.Null(key.LastUse);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("FwoGZXIvYXdzEJr//token+with/slashes=")]
    public async Task ResolveAsync_SessionWithMissingOrWrongToken_ThrowsInvalidClientTokenId(string? token)
    {
        // Arrange
        await _db.AddSessionAsync(SessionKey, "session-secret", Token, ParentKey, _userKey, _db.Time.GetUtcNow().AddHours(1));

        // Act
        var ex = await Assert.ThrowsAsync<AwsAuthenticationException>(() => Resolver.ResolveAsync(SessionKey, token, CancellationToken.None));

        // Assert
        Assert.Equal(AuthenticationFailure.InvalidClientTokenId, ex.Failure);
    }

    [Fact]
    public async Task ResolveAsync_SessionPastExpiration_ThrowsExpiredToken()
    {
        // Arrange
        await _db.AddSessionAsync(SessionKey, "session-secret", Token, ParentKey, _userKey, _db.Time.GetUtcNow().AddMinutes(5));
        _db.Time.Advance(TimeSpan.FromMinutes(5));

        // Act
        var ex = await Assert.ThrowsAsync<AwsAuthenticationException>(() => Resolver.ResolveAsync(SessionKey, Token, CancellationToken.None));

        // Assert
        Assert.Equal(AuthenticationFailure.ExpiredToken, ex.Failure);
    }

    [Fact]
    public async Task ResolveAsync_SessionWhoseParentKeyIsInactive_ThrowsInvalidClientTokenId()
    {
        // Arrange
        await _db.AddSessionAsync(SessionKey, "session-secret", Token, ParentKey, _userKey, _db.Time.GetUtcNow().AddHours(1));
        await _db.SetAccessKeyStatusAsync(ParentKey, "Inactive");

        // Act
        var ex = await Assert.ThrowsAsync<AwsAuthenticationException>(() => Resolver.ResolveAsync(SessionKey, Token, CancellationToken.None));

        // Assert
        Assert.Equal(AuthenticationFailure.InvalidClientTokenId, ex.Failure);
    }

    [Fact]
    public async Task ResolveAsync_SessionWhoseParentKeyIsGone_ThrowsInvalidClientTokenId()
    {
        // Arrange
        await _db.AddSessionAsync(SessionKey, "session-secret", Token, "AKIADELETED000000001", _userKey, _db.Time.GetUtcNow().AddHours(1));

        // Act
        var ex = await Assert.ThrowsAsync<AwsAuthenticationException>(() => Resolver.ResolveAsync(SessionKey, Token, CancellationToken.None));

        // Assert
        Assert.Equal(AuthenticationFailure.InvalidClientTokenId, ex.Failure);
    }

    [Fact]
    public async Task ResolveAsync_LongTermKeyOfUser_ReturnsUserAndStoredLastUse()
    {
        // Act
        var key = await Resolver.ResolveAsync(ParentKey, null, CancellationToken.None);

        // Assert
        Assert.Equal("arn:aws:iam::123456789012:user/bob", key.Caller.Arn);
        Assert.False(key.Caller.IsTemporary);
        Assert.False(key.Caller.MultiFactorAuthPresent);
        Assert.Equal("parent-secret", key.SecretAccessKey);
        Assert.Equal(new AccessKeyLastUse(null, null, null), key.LastUse);
    }

    [Theory]
    [InlineData("")]
    [InlineData("akiaparent0000000001")]
    [InlineData("ASIANOSUCHSESSION001")]
    public async Task ResolveAsync_UnknownKeyId_ThrowsInvalidClientTokenId(string accessKeyId)
    {
        // Act
        var ex = await Assert.ThrowsAsync<AwsAuthenticationException>(() => Resolver.ResolveAsync(accessKeyId, Token, CancellationToken.None));

        // Assert
        Assert.Equal(AuthenticationFailure.InvalidClientTokenId, ex.Failure);
    }

    [Fact]
    public async Task RecordUseAsync_AfterGranularity_RewritesLastUsed()
    {
        // Arrange
        var first = await Resolver.ResolveAsync(ParentKey, null, CancellationToken.None);
        await Resolver.RecordUseAsync(first, "iam", "us-east-1", CancellationToken.None);
        _db.Time.Advance(AccessKeyResolver.LastUseGranularity);
        var second = await Resolver.ResolveAsync(ParentKey, null, CancellationToken.None);

        // Act
        await Resolver.RecordUseAsync(second, "iam", "us-east-1", CancellationToken.None);

        // Assert
        var stored = await _db.AccessKeyAsync(ParentKey);
        Assert.Equal(_db.Time.GetUtcNow().UtcDateTime, stored.LastUsedDate);
    }

    [Fact]
    public async Task RecordUseAsync_SessionKey_WritesNothing()
    {
        // Arrange
        await _db.AddSessionAsync(SessionKey, "session-secret", Token, ParentKey, _userKey, _db.Time.GetUtcNow().AddHours(1));
        var key = await Resolver.ResolveAsync(SessionKey, Token, CancellationToken.None);

        // Act
        await Resolver.RecordUseAsync(key, "sts", "us-east-1", CancellationToken.None);

        // Assert
        Assert.Null((await _db.AccessKeyAsync(ParentKey)).LastUsedDate);
    }
}
