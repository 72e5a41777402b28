using Gitstead.Auth.Credentials;
using Gitstead.Auth.SigV4;
using Gitstead.Aws;
using Xunit;

namespace Gitstead.UnitTests.SigV4;

public sealed class SigningKeyCacheTests
{
    private static readonly CredentialScope Scope = new("AKIAEXAMPLE", "20261208", "us-east-1", "iam", CredentialScope.ValidTerminator);

    [Fact]
    public void SigningKey_SameKeyAndScopeAgain_OpensTheSecretOnceAndDerivesTheSameKey()
    {
        // Arrange
        var cache = new SigningKeyCache();
        var opens = 0;
        ResolvedAccessKey Resolve() => Key("AKIAEXAMPLE", [1, 2, 3], "secret-one", () => opens++);

        // Act
        var first = cache.SigningKey(Resolve(), Scope);
        var second = cache.SigningKey(Resolve(), Scope);

        // Assert
        Assert.Equal(1, opens);
        Assert.Equal(SigV4Crypto.SigningKey("secret-one", Scope.Date, Scope.Region, Scope.Service), second);
        Assert.Same(first, second);
    }

    [Fact]
    public void SigningKey_StoredEnvelopeChanged_DerivesFromTheNewSecret()
    {
        // Arrange: the same key id whose stored secret is now another (or re-wrapped) envelope.
        var cache = new SigningKeyCache();
        cache.SigningKey(Key("AKIAEXAMPLE", [1, 2, 3], "secret-one"), Scope);

        // Act
        var after = cache.SigningKey(Key("AKIAEXAMPLE", [1, 2, 4], "secret-two"), Scope);

        // Assert
        Assert.Equal(SigV4Crypto.SigningKey("secret-two", Scope.Date, Scope.Region, Scope.Service), after);
    }

    [Theory]
    [InlineData("20261209", "us-east-1", "iam")]
    [InlineData("20261208", "eu-west-1", "iam")]
    [InlineData("20261208", "us-east-1", "codecommit")]
    public void SigningKey_AnotherScope_IsDerivedForThatScope(string date, string region, string service)
    {
        // Arrange
        var cache = new SigningKeyCache();
        cache.SigningKey(Key("AKIAEXAMPLE", [1, 2, 3], "secret-one"), Scope);
        var other = new CredentialScope("AKIAEXAMPLE", date, region, service, CredentialScope.ValidTerminator);

        // Act
        var derived = cache.SigningKey(Key("AKIAEXAMPLE", [1, 2, 3], "secret-one"), other);

        // Assert
        Assert.Equal(SigV4Crypto.SigningKey("secret-one", date, region, service), derived);
        Assert.NotEqual(SigV4Crypto.SigningKey("secret-one", Scope.Date, Scope.Region, Scope.Service), derived);
    }

    [Fact]
    public void SigningKey_MoreKeysThanTheBound_KeepsAtMostTheBound()
    {
        // Arrange
        var cache = new SigningKeyCache();

        // Act
        for (var i = 0; i <= SigningKeyCache.MaxEntries + 10; i++)
        {
            cache.SigningKey(Key($"AKIA{i:D16}", [(byte)i], "secret"), Scope);
        }

        // Assert
        Assert.InRange(cache.Count, 1, SigningKeyCache.MaxEntries);
    }

    [Fact]
    public void VerifySignature_WithTheCachedKeyOfAnotherSecret_IsSignatureDoesNotMatch()
    {
        // Arrange: the vector request, signed with its secret, checked with another secret's key.
        var request = SigV4Vectors.ListUsers();
        var signature = SigV4Parser.Parse(request);
        var cache = new SigningKeyCache();
        var wrong = cache.SigningKey(Key(signature.Scope.AccessKeyId, [9], "not-the-secret"), signature.Scope);
        var right = cache.SigningKey(Key(signature.Scope.AccessKeyId, [8], SigV4Vectors.Secret), signature.Scope);

        // Act
        var refused = Assert.Throws<AwsAuthenticationException>(() => SigV4Verifier.VerifySignature(request, signature, wrong));
        var accepted = Record.Exception(() => SigV4Verifier.VerifySignature(request, signature, right));

        // Assert
        Assert.Equal(AuthenticationFailure.SignatureDoesNotMatch, refused.Failure);
        Assert.Null(accepted);
    }

    private static ResolvedAccessKey Key(string id, byte[] sealedSecret, string secret, Action? opened = null) =>
        new(Caller.Root("123456789012") with { AccessKeyId = id }, sealedSecret, () =>
        {
            opened?.Invoke();
            return secret;
        }, lastUse: null);
}
