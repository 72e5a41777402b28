using Gitstead.Aws;
using Gitstead.Iam.Authorization;
using Gitstead.Iam.Policies;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Gitstead.UnitTests.Auth;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gitstead.UnitTests.Iam;

public sealed class PolicyAuthorizerTests
{
    private const string Account = AuthDatabase.AccountId;
    private static readonly Caller Root = Caller.Root(Account) with { AccessKeyId = "AKIAROOT" };

    [Theory]
    [InlineData("*")]
    [InlineData("arn:aws:iam::123456789012:user/bob")]
    [InlineData("arn:aws:codecommit:eu-west-1:123456789012:demo")]
    [InlineData("arn:aws:iam::aws:policy/AWSCodeCommitReadOnly")]
    public async Task AuthorizeAsync_RootOnOwnAccount_Allows(string resource)
    {
        // Arrange
        await using var db = await AuthDatabase.CreateAsync();

        // Act
        var decision = await DecideAsync(Authorizer(db), Root, "iam:DeleteUser", resource, null);

        // Assert
        Assert.Equal(AuthorizationDecision.Allow, decision);
    }

    [Theory]
    [InlineData("arn:aws:iam::210987654321:user/bob")]
    [InlineData("arn:aws:codecommit:eu-west-1:210987654321:demo")]
    [InlineData("user/bob")]
    public async Task AuthorizeAsync_RootOnAnotherAccountOrMalformedArn_ImplicitlyDenies(string resource)
    {
        // Arrange
        await using var db = await AuthDatabase.CreateAsync();

        // Act
        var decision = await DecideAsync(Authorizer(db), Root, "iam:GetUser", resource, null);

        // Assert
        Assert.Equal(AuthorizationDecision.ImplicitDeny, decision);
    }

    [Fact]
    public async Task AuthorizeAsync_UserWithoutPolicies_ImplicitlyDenies()
    {
        // Arrange
        await using var db = await AuthDatabase.CreateAsync();
        var bob = await db.AddUserAsync("bob");

        // Act
        var decision = await DecideAsync(Authorizer(db), CallerOf(bob), "iam:GetUser", "*", null);

        // Assert
        Assert.Equal(AuthorizationDecision.ImplicitDeny, decision);
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:user/team/bob", AuthorizationDecision.Allow)]
    [InlineData("arn:aws:iam::123456789012:user/team/alice", AuthorizationDecision.ImplicitDeny)]
    public async Task AuthorizeAsync_InlinePolicyWithUsernameVariable_AllowsOnlyOwnUser(string resource, AuthorizationDecision expected)
    {
        // Arrange
        await using var db = await AuthDatabase.CreateAsync();
        var bob = await db.AddUserAsync("bob", "/team/");
        await AddInlineAsync(db, bob, "Self", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*ServiceSpecificCredential*","Resource":"arn:aws:iam::*:user/team/${aws:username}"}]}""");

        // Act
        var decision = await DecideAsync(Authorizer(db), CallerOf(bob), "iam:CreateServiceSpecificCredential", resource, null);

        // Assert
        Assert.Equal(expected, decision);
    }

    [Fact]
    public async Task AuthorizeAsync_ExplicitDenyAndAllow_ExplicitlyDenies()
    {
        // Arrange
        await using var db = await AuthDatabase.CreateAsync();
        var bob = await db.AddUserAsync("bob");
        await AddInlineAsync(db, bob, "All", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""");
        await AddInlineAsync(db, bob, "NoPush", """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"codecommit:GitPush","Resource":"*","Condition":{"StringEqualsIfExists":{"codecommit:References":"refs/heads/main"},"Null":{"codecommit:References":"false"}}}]}""");
        var authorizer = Authorizer(db);
        var repo = "arn:aws:codecommit:us-east-1:123456789012:demo";

        // Act
        var connect = await DecideAsync(authorizer, CallerOf(bob), "codecommit:GitPush", repo, null);
        var main = await DecideAsync(authorizer, CallerOf(bob), "codecommit:GitPush", repo, References("refs/heads/main"));
        var feature = await DecideAsync(authorizer, CallerOf(bob), "codecommit:GitPush", repo, References("refs/heads/feature"));

        // Assert
        Assert.Equal(AuthorizationDecision.Allow, connect);
        Assert.Equal(AuthorizationDecision.ExplicitDeny, main);
        Assert.Equal(AuthorizationDecision.Allow, feature);
    }

    [Fact]
    public async Task AuthorizeAsync_KeepsAUsersPoliciesOnlyWhileTheGenerationHolds()
    {
        // Arrange
        await using var db = await AuthDatabase.CreateAsync();
        var bob = await db.AddUserAsync("bob");
        await AddInlineAsync(db, bob, "Listing", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}""");
        var authorizer = Authorizer(db);
        var loadedAt = await db.PolicyGenerationAsync();
        var first = await DecideAsync(authorizer, CallerOf(bob, loadedAt), "iam:ListUsers", "*", null);
        await using (var context = db.Get<IGitsteadDb>().Create())
        {
            await context.InlinePolicies.Where(p => p.PrincipalKey == bob.Key).ExecuteDeleteAsync();
        }

        // Act
        var stale = await DecideAsync(authorizer, CallerOf(bob, loadedAt), "iam:ListUsers", "*", null);
        var current = await DecideAsync(authorizer, CallerOf(bob, await db.PolicyGenerationAsync()), "iam:ListUsers", "*", null);

        // Assert
        Assert.Equal(AuthorizationDecision.Allow, first);
        Assert.Equal(AuthorizationDecision.Allow, stale);
        Assert.Equal(AuthorizationDecision.ImplicitDeny, current);
    }

    private static PolicyAuthorizer Authorizer(AuthDatabase db) =>
        new(db.Get<IGitsteadDb>(), new PrincipalPolicyLoader(), new ParsedPolicyCache(), new PrincipalPolicyCache());

    private static Caller CallerOf(IamUser user, long generation) => CallerOf(user) with { PolicyGeneration = generation };

    private static Caller CallerOf(IamUser user) =>
        Caller.User(Account, user.Path, user.UserName, user.UserId, user.Key) with { AccessKeyId = "AKIAUSER" };

    private static async Task<AuthorizationDecision> DecideAsync(
        PolicyAuthorizer authorizer, Caller caller, string action, string resource, IReadOnlyDictionary<string, IReadOnlyList<string>>? keys)
    {
        var origin = new RequestOrigin("us-east-1", System.Net.IPAddress.Loopback, SecureTransport: true, DateTimeOffset.UtcNow);
        var result = await authorizer.AuthorizeAsync(new AuthorizationRequest(new CallContext(caller, origin), action, resource, keys), CancellationToken.None);
        return result.Decision;
    }

    private static Dictionary<string, IReadOnlyList<string>> References(params string[] refs) =>
        new() { ["codecommit:References"] = refs };

    private static Task AddInlineAsync(AuthDatabase db, IamUser user, string name, string document) =>
        db.AddAsync(new InlinePolicy { AccountId = Account, PrincipalType = "user", PrincipalKey = user.Key, PolicyName = name, Document = document });
}
