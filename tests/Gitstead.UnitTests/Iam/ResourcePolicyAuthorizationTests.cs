using System.Net;
using Gitstead.Aws;
using Gitstead.Iam.Authorization;
using Gitstead.Iam.Policies;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Gitstead.UnitTests.Auth;
using Xunit;

namespace Gitstead.UnitTests.Iam;

/// <summary>
/// The authorizer with a resource-based policy beside the identity-based ones, as KMS key
/// policies need: the default key policy delegates to IAM, a key policy can grant or deny a
/// principal directly, and even the root is subject to a key policy.
/// </summary>
public sealed class ResourcePolicyAuthorizationTests
{
    private const string Account = AuthDatabase.AccountId;
    private const string Key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private const string DefaultKeyPolicy =
        """{"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}""";

    [Fact]
    public async Task AuthorizeAsync_RootUnderTheDefaultKeyPolicy_Allows()
    {
        // Arrange
        await using var db = await AuthDatabase.CreateAsync();

        // Act
        var result = await AuthorizeAsync(db, Caller.Root(Account), "kms:Decrypt", DefaultKeyPolicy);

        // Assert
        Assert.Equal(AuthorizationDecision.Allow, result.Decision);
    }

    [Fact]
    public async Task AuthorizeAsync_RootNotNamedByTheKeyPolicy_DeniedByTheResourcePolicy()
    {
        // Arrange
        await using var db = await AuthDatabase.CreateAsync();
        var policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/admin"},"Action":"kms:*","Resource":"*"}]}""";

        // Act
        var result = await AuthorizeAsync(db, Caller.Root(Account), "kms:Decrypt", policy);

        // Assert
        Assert.Equal(new AuthorizationResult(AuthorizationDecision.ImplicitDeny, DecidingPolicy.ResourceBased), result);
    }

    [Fact]
    public async Task AuthorizeAsync_UserAllowedByIamUnderTheDefaultKeyPolicy_Allows()
    {
        // Arrange
        await using var db = await AuthDatabase.CreateAsync();
        var bob = await db.AddUserAsync("bob");
        await AddInlineAsync(db, bob, """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}""");

        // Act
        var result = await AuthorizeAsync(db, CallerOf(bob), "kms:Decrypt", DefaultKeyPolicy);

        // Assert
        Assert.Equal(AuthorizationDecision.Allow, result.Decision);
    }

    [Fact]
    public async Task AuthorizeAsync_UserWithoutIamAllowUnderTheDefaultKeyPolicy_DeniedByIdentityPolicies()
    {
        // Arrange
        await using var db = await AuthDatabase.CreateAsync();
        var bob = await db.AddUserAsync("bob");

        // Act
        var result = await AuthorizeAsync(db, CallerOf(bob), "kms:Decrypt", DefaultKeyPolicy);

        // Assert
        Assert.Equal(new AuthorizationResult(AuthorizationDecision.ImplicitDeny, DecidingPolicy.IdentityBased), result);
    }

    [Fact]
    public async Task AuthorizeAsync_UserNamedByTheKeyPolicy_AllowsWithoutIamPolicy()
    {
        // Arrange
        await using var db = await AuthDatabase.CreateAsync();
        var bob = await db.AddUserAsync("bob");
        var policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/bob"},"Action":"kms:Decrypt","Resource":"*"}]}""";

        // Act
        var result = await AuthorizeAsync(db, CallerOf(bob), "kms:Decrypt", policy);

        // Assert
        Assert.Equal(AuthorizationDecision.Allow, result.Decision);
    }

    [Fact]
    public async Task AuthorizeAsync_KeyPolicyDeniesWhatIamAllows_ExplicitlyDeniedByTheResourcePolicy()
    {
        // Arrange
        await using var db = await AuthDatabase.CreateAsync();
        var bob = await db.AddUserAsync("bob");
        await AddInlineAsync(db, bob, """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}""");
        var policy = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"},
              {"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::123456789012:user/bob"},"Action":"kms:Decrypt","Resource":"*"}]}
            """;

        // Act
        var decrypt = await AuthorizeAsync(db, CallerOf(bob), "kms:Decrypt", policy);
        var encrypt = await AuthorizeAsync(db, CallerOf(bob), "kms:Encrypt", policy);

        // Assert
        Assert.Equal(new AuthorizationResult(AuthorizationDecision.ExplicitDeny, DecidingPolicy.ResourceBased), decrypt);
        Assert.Equal(AuthorizationDecision.Allow, encrypt.Decision);
    }

    [Fact]
    public async Task AuthorizeAsync_ViaServiceCondition_AllowsOnlyWithTheServicesKey()
    {
        // Arrange
        await using var db = await AuthDatabase.CreateAsync();
        var bob = await db.AddUserAsync("bob");
        var policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"codecommit.us-east-1.amazonaws.com","kms:CallerAccount":"123456789012"}}}]}""";
        var via = new Dictionary<string, IReadOnlyList<string>>
        {
            ["kms:ViaService"] = ["codecommit.us-east-1.amazonaws.com"],
            ["kms:CallerAccount"] = [Account],
        };

        // Act
        var direct = await AuthorizeAsync(db, CallerOf(bob), "kms:Decrypt", policy);
        var throughCodeCommit = await AuthorizeAsync(db, CallerOf(bob), "kms:Decrypt", policy, via);

        // Assert
        Assert.Equal(AuthorizationDecision.ImplicitDeny, direct.Decision);
        Assert.Equal(AuthorizationDecision.Allow, throughCodeCommit.Decision);
    }

    private static async Task<AuthorizationResult> AuthorizeAsync(
        AuthDatabase db, Caller caller, string action, string keyPolicy, IReadOnlyDictionary<string, IReadOnlyList<string>>? keys = null)
    {
        var authorizer = new PolicyAuthorizer(db.Get<IGitsteadDb>(), new PrincipalPolicyLoader(), new ParsedPolicyCache(), new PrincipalPolicyCache());
        var call = new CallContext(caller, new RequestOrigin("us-east-1", IPAddress.Loopback, SecureTransport: true, DateTimeOffset.UtcNow));
        var request = new AuthorizationRequest(call, action, Key, keys, new ResourcePolicy(Key, keyPolicy, IsKeyPolicy: true));
        return await authorizer.AuthorizeAsync(request, CancellationToken.None);
    }

    private static Caller CallerOf(IamUser user) => Caller.User(Account, user.Path, user.UserName, user.UserId, user.Key);

    private static Task AddInlineAsync(AuthDatabase db, IamUser user, string document) =>
        db.AddAsync(new InlinePolicy { AccountId = Account, PrincipalType = "user", PrincipalKey = user.Key, PolicyName = "Kms", Document = document });
}
