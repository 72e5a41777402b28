using Gitstead.Auth;
using Gitstead.Aws;
using Xunit;

namespace Gitstead.UnitTests.Auth;

public sealed class RootOnlyAuthorizerTests
{
    private static readonly Caller Root = new("123456789012", "arn:aws:iam::123456789012:root", "123456789012", null, "AKIAROOT", false);
    private static readonly Caller User = new("123456789012", "arn:aws:iam::123456789012:user/bob", "AIDABOB", "bob", "AKIABOB", false) { UserKey = 7 };

    [Theory]
    [InlineData("*")]
    [InlineData("arn:aws:iam::123456789012:user/bob")]
    [InlineData("arn:aws:iam::123456789012:root")]
    [InlineData("arn:aws:codecommit:eu-west-1:123456789012:demo")]
    [InlineData("arn:aws:iam::aws:policy/AWSCodeCommitReadOnly")]
    public async Task AuthorizeAsync_RootOnOwnAccount_Allows(string resource)
    {
        // Act
        var decision = await new RootOnlyAuthorizer().AuthorizeAsync(Root, "iam:GetUser", resource, null, CancellationToken.None);

        // Assert
        Assert.Equal(AuthorizationDecision.Allow, decision);
    }

    [Theory]
    [InlineData("arn:aws:iam::210987654321:user/bob")]
    [InlineData("arn:aws:codecommit:eu-west-1:210987654321:demo")]
    [InlineData("arn:aws:iam::123456789012")]
    [InlineData("user/bob")]
    public async Task AuthorizeAsync_RootOnAnotherAccountOrMalformedArn_ImplicitlyDenies(string resource)
    {
        // Act
        var decision = await new RootOnlyAuthorizer().AuthorizeAsync(Root, "iam:GetUser", resource, null, CancellationToken.None);

        // Assert
        Assert.Equal(AuthorizationDecision.ImplicitDeny, decision);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("arn:aws:iam::123456789012:user/bob")]
    public async Task AuthorizeAsync_IamUser_ImplicitlyDenies(string resource)
    {
        // Act
        var decision = await new RootOnlyAuthorizer().AuthorizeAsync(User, "iam:GetUser", resource, null, CancellationToken.None);

        // Assert
        Assert.Equal(AuthorizationDecision.ImplicitDeny, decision);
    }
}
