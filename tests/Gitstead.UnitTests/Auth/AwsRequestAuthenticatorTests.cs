using Gitstead.Aws;
using Gitstead.UnitTests.SigV4;
using Xunit;

namespace Gitstead.UnitTests.Auth;

public sealed class AwsRequestAuthenticatorTests : IAsyncLifetime
{
    private AuthDatabase _db = null!;

    private IAwsRequestAuthenticator Authenticator => _db.Get<IAwsRequestAuthenticator>();

    public async Task InitializeAsync()
    {
        _db = await AuthDatabase.CreateAsync();
        await _db.AddAccessKeyAsync(SigV4Vectors.AccessKeyId, SigV4Vectors.Secret);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task AuthenticateAsync_RootKeyListUsersVector_ReturnsTheRoot()
    {
        // Act
        var signed = await AuthenticateAsync(SigV4Vectors.ListUsers(), "iam");

        // Assert
        Assert.Equal(
            Caller.Root(AuthDatabase.AccountId) with { AccessKeyId = SigV4Vectors.AccessKeyId, CredentialId = SigV4Vectors.AccessKeyId, PolicyGeneration = 0 },
            signed.Caller);
        Assert.True(signed.Caller.IsRoot);
        Assert.Null(signed.Caller.UserKey);
        Assert.Equal("us-east-1", signed.Region);
        Assert.Equal("iam", signed.Service);
    }

    [Fact]
    public async Task AuthenticateAsync_GetRepositoryVector_ReturnsTheRoot()
    {
        // Act
        var signed = await AuthenticateAsync(SigV4Vectors.GetRepository(), "codecommit");

        // Assert
        Assert.Equal("arn:aws:iam::123456789012:root", signed.Caller.Arn);
        Assert.Equal("codecommit", signed.Service);
    }

    [Fact]
    public async Task AuthenticateAsync_PresignedVector_ReturnsTheRoot()
    {
        // Act
        var signed = await AuthenticateAsync(SigV4Vectors.Presigned(), "sts");

        // Assert
        Assert.Equal("arn:aws:iam::123456789012:root", signed.Caller.Arn);
        Assert.Equal("sts", signed.Service);
    }

    [Fact]
    public async Task AuthenticateAsync_UserKey_ReturnsTheUserWithPathInArn()
    {
        // Arrange
        var user = await _db.AddUserAsync("alice", "/dev/");
        await _db.AddAccessKeyAsync("AKIAUSERKEY000000001", "user-secret", user.Key);
        var request = SigV4Vectors.Signed("POST", "/", "", [new("Host", SigV4Vectors.Host)], "Action=GetUser", secret: "user-secret", accessKeyId: "AKIAUSERKEY000000001");

        // Act
        var signed = await AuthenticateAsync(request, "iam");

        // Assert
        Assert.Equal("arn:aws:iam::123456789012:user/dev/alice", signed.Caller.Arn);
        Assert.Equal(user.UserId, signed.Caller.UserId);
        Assert.Equal("alice", signed.Caller.UserName);
        Assert.Equal(user.Key, signed.Caller.UserKey);
        Assert.False(signed.Caller.IsRoot);
    }

    [Fact]
    public async Task AuthenticateAsync_EncodedPathThroughHttpRequest_IsDoubleEncoded()
    {
        // Arrange
        var request = SigV4Vectors.Signed("GET", "/a%20b/./c", "", [new("Host", SigV4Vectors.Host)], "");

        // Act
        var signed = await AuthenticateAsync(request, "iam");

        // Assert
        Assert.Equal(SigV4Vectors.AccessKeyId, signed.Caller.AccessKeyId);
    }

    [Fact]
    public async Task AuthenticateAsync_DispatchedToAnotherService_ThrowsSignatureDoesNotMatch()
    {
        // Act
        var ex = await Assert.ThrowsAsync<AwsAuthenticationException>(() => AuthenticateAsync(SigV4Vectors.ListUsers(), "sts"));

        // Assert
        Assert.Equal(AuthenticationFailure.SignatureDoesNotMatch, ex.Failure);
        Assert.Equal("Credential should be scoped to correct service: 'sts'. ", ex.Message);
    }

    [Fact]
    public async Task AuthenticateAsync_UnknownKey_ThrowsInvalidClientTokenId()
    {
        // Arrange
        var request = SigV4Vectors.Signed("POST", "/", "", [new("Host", SigV4Vectors.Host)], "", accessKeyId: "AKIANOSUCHKEY0000000");

        // Act
        var ex = await Assert.ThrowsAsync<AwsAuthenticationException>(() => AuthenticateAsync(request, "iam"));

        // Assert
        Assert.Equal(AuthenticationFailure.InvalidClientTokenId, ex.Failure);
        Assert.Equal("The security token included in the request is invalid.", ex.Message);
    }

    [Fact]
    public async Task AuthenticateAsync_InactiveKey_ThrowsInvalidClientTokenId()
    {
        // Arrange
        await _db.SetAccessKeyStatusAsync(SigV4Vectors.AccessKeyId, "Inactive");

        // Act
        var ex = await Assert.ThrowsAsync<AwsAuthenticationException>(() => AuthenticateAsync(SigV4Vectors.ListUsers(), "iam"));

        // Assert
        Assert.Equal(AuthenticationFailure.InvalidClientTokenId, ex.Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_WrongSecret_ThrowsSignatureDoesNotMatch()
    {
        // Arrange
        var request = SigV4Vectors.Signed("POST", "/", "", [new("Host", SigV4Vectors.Host)], "", secret: "not-the-secret");

        // Act
        var ex = await Assert.ThrowsAsync<AwsAuthenticationException>(() => AuthenticateAsync(request, "iam"));

        // Assert
        Assert.Equal(AuthenticationFailure.SignatureDoesNotMatch, ex.Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_NoAuthentication_ThrowsMissingAuthenticationToken()
    {
        // Arrange
        var request = SigV4Vectors.Request("POST", "/", "", [new("Host", SigV4Vectors.Host)], SigV4Vectors.ListUsersBody);

        // Act
        var ex = await Assert.ThrowsAsync<AwsAuthenticationException>(() => AuthenticateAsync(request, "iam"));

        // Assert
        Assert.Equal(AuthenticationFailure.MissingAuthenticationToken, ex.Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_ClockSixteenMinutesAhead_ThrowsSignatureExpired()
    {
        // Arrange
        _db.Time.Advance(TimeSpan.FromMinutes(16));

        // Act
        var ex = await Assert.ThrowsAsync<AwsAuthenticationException>(() => AuthenticateAsync(SigV4Vectors.ListUsers(), "iam"));

        // Assert
        Assert.Equal(AuthenticationFailure.SignatureDoesNotMatch, ex.Failure);
        Assert.Equal("Signature expired: 20240102T030405Z is now earlier than 20240102T030505Z (20240102T032005Z - 15 min.)", ex.Message);
    }

    [Fact]
    public async Task AuthenticateAsync_ClockSixteenMinutesBehind_ThrowsSignatureNotYetCurrent()
    {
        // Arrange
        await using var early = await AuthDatabase.CreateAsync(SigV4Vectors.SignedAt.AddMinutes(-16));
        await early.AddAccessKeyAsync(SigV4Vectors.AccessKeyId, SigV4Vectors.Secret);
        var request = SigV4Vectors.ListUsers();

        // Act
        var ex = await Assert.ThrowsAsync<AwsAuthenticationException>(() =>
            early.Get<IAwsRequestAuthenticator>().AuthenticateAsync(AuthHttp.ToHttp(request), request.Body, "iam", CancellationToken.None));

        // Assert
        Assert.Equal(AuthenticationFailure.SignatureDoesNotMatch, ex.Failure);
        Assert.Equal("Signature not yet current: 20240102T030405Z is still later than 20240102T030305Z (20240102T024805Z + 15 min.)", ex.Message);
    }

    [Fact]
    public async Task AuthenticateAsync_PresignedPastExpiry_ThrowsRequestExpired()
    {
        // Arrange
        _db.Time.Advance(TimeSpan.FromSeconds(901));

        // Act
        var ex = await Assert.ThrowsAsync<AwsAuthenticationException>(() => AuthenticateAsync(SigV4Vectors.Presigned(), "sts"));

        // Assert
        Assert.Equal(AuthenticationFailure.RequestExpired, ex.Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_SessionTokenWithLongTermKey_ThrowsInvalidClientTokenId()
    {
        // Arrange
        var request = SigV4Vectors.Signed("POST", "/", "", [new("Host", SigV4Vectors.Host), new("X-Amz-Security-Token", "stale")], "");

        // Act
        var ex = await Assert.ThrowsAsync<AwsAuthenticationException>(() => AuthenticateAsync(request, "iam"));

        // Assert
        Assert.Equal(AuthenticationFailure.InvalidClientTokenId, ex.Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_PresignedSessionVector_ReturnsTemporaryRoot()
    {
        // Arrange
        await _db.AddSessionAsync(SigV4Vectors.SessionAccessKeyId, SigV4Vectors.Secret, SigV4Vectors.SessionToken, SigV4Vectors.AccessKeyId, null, SigV4Vectors.SignedAt.AddHours(1));

        // Act
        var signed = await AuthenticateAsync(SigV4Vectors.Presigned(SigV4Vectors.PresignedSessionQuery), "sts");

        // Assert
        Assert.Equal("arn:aws:iam::123456789012:root", signed.Caller.Arn);
        Assert.True(signed.Caller.IsTemporary);
        Assert.Equal(SigV4Vectors.SessionAccessKeyId, signed.Caller.AccessKeyId);
    }

    [Fact]
    public async Task AuthenticateAsync_ExpiredSession_ThrowsExpiredToken()
    {
        // Arrange
        await _db.AddSessionAsync(SigV4Vectors.SessionAccessKeyId, SigV4Vectors.Secret, SigV4Vectors.SessionToken, SigV4Vectors.AccessKeyId, null, SigV4Vectors.SignedAt.AddSeconds(-1));

        // Act
        var ex = await Assert.ThrowsAsync<AwsAuthenticationException>(() => AuthenticateAsync(SigV4Vectors.Presigned(SigV4Vectors.PresignedSessionQuery), "sts"));

        // Assert
        Assert.Equal(AuthenticationFailure.ExpiredToken, ex.Failure);
        Assert.Equal("The security token included in the request is expired", ex.Message);
    }

    [Fact]
    public async Task AuthenticateAsync_FirstUse_RecordsLastUsed()
    {
        // Act
        await AuthenticateAsync(SigV4Vectors.ListUsers(), "iam");

        // Assert
        var key = await _db.AccessKeyAsync(SigV4Vectors.AccessKeyId);
        Assert.Equal(SigV4Vectors.SignedAt.UtcDateTime, key.LastUsedDate);
        Assert.Equal("iam", key.LastUsedService);
        Assert.Equal("us-east-1", key.LastUsedRegion);
    }

    [Fact]
    public async Task AuthenticateAsync_RepeatedUseWithinMinutes_DoesNotRewriteLastUsed()
    {
        // Arrange
        await AuthenticateAsync(SigV4Vectors.ListUsers(), "iam");
        _db.Time.Advance(TimeSpan.FromMinutes(2));

        // Act
        await AuthenticateAsync(SigV4Vectors.ListUsers(), "iam");

        // Assert
        var key = await _db.AccessKeyAsync(SigV4Vectors.AccessKeyId);
        Assert.Equal(SigV4Vectors.SignedAt.UtcDateTime, key.LastUsedDate);
    }

    [Fact]
    public async Task AuthenticateAsync_OtherServiceWithinMinutes_RewritesLastUsed()
    {
        // Arrange
        await AuthenticateAsync(SigV4Vectors.ListUsers(), "iam");
        _db.Time.Advance(TimeSpan.FromMinutes(1));

        // Act
        await AuthenticateAsync(SigV4Vectors.GetRepository(), "codecommit");

        // Assert
        var key = await _db.AccessKeyAsync(SigV4Vectors.AccessKeyId);
        Assert.Equal(SigV4Vectors.SignedAt.AddMinutes(1).UtcDateTime, key.LastUsedDate);
        Assert.Equal("codecommit", key.LastUsedService);
    }

    [Fact]
    public void PeekService_HeaderAndPresigned_ReadsTheScope()
    {
        // Act
        var fromHeader = Authenticator.PeekService(AuthHttp.ToHttp(SigV4Vectors.GetRepository()));
        var fromQuery = Authenticator.PeekService(AuthHttp.ToHttp(SigV4Vectors.Presigned()));

        // Assert
        Assert.Equal("codecommit", fromHeader);
        Assert.Equal("sts", fromQuery);
    }

    private Task<SignedRequestInfo> AuthenticateAsync(Gitstead.Auth.SigV4.SigV4Request request, string service) =>
        Authenticator.AuthenticateAsync(AuthHttp.ToHttp(request), request.Body, service, CancellationToken.None);
}
