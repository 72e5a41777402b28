using Gitstead.Policy;
using Xunit;
using static Gitstead.UnitTests.Policy.PolicyTestKit;

namespace Gitstead.UnitTests.Policy;

public sealed class RequestContextBuilderTests
{
    public static TheoryData<string, string, string?, string, string> PrincipalCases => new()
    {
        // principal, expected aws:PrincipalArn, aws:username, aws:userid, aws:PrincipalType
        { "user", "arn:aws:iam::111111111111:user/bob", "bob", "AIDABOB", "User" },
        { "user-with-path", "arn:aws:iam::111111111111:user/division/eng/bob", "bob", "AIDABOB", "User" },
        { "root", "arn:aws:iam::111111111111:root", null, "111111111111", "Account" },
        { "role", "arn:aws:iam::111111111111:role/deploy", null, "AROADEPLOY:ci-run", "AssumedRole" },
    };

    [Theory]
    [MemberData(nameof(PrincipalCases))]
    public void Build_Principal_FillsPrincipalKeys(string principal, string arn, string? userName, string userId, string type)
    {
        // Arrange
        var builder = principal switch
        {
            "user" => new RequestContextBuilder().ForUser(AccountId, "bob", "AIDABOB"),
            "user-with-path" => new RequestContextBuilder().ForUser(AccountId, "bob", "AIDABOB", "/division/eng/"),
            "root" => new RequestContextBuilder().ForUser(AccountId, "bob", "AIDABOB").ForRoot(AccountId),
            _ => new RequestContextBuilder().ForAssumedRole(AccountId, "deploy", "AROADEPLOY", "ci-run"),
        };

        // Act
        var request = builder.Build("codecommit:GitPull", RepoArn);

        // Assert
        Assert.Equal([arn], request.GetValues("aws:PrincipalArn"));
        Assert.Equal(userName is null ? [] : [userName], request.GetValues("aws:username"));
        Assert.Equal([userId], request.GetValues("aws:userid"));
        Assert.Equal([type], request.GetValues("aws:PrincipalType"));
        Assert.Equal([AccountId], request.GetValues("aws:PrincipalAccount"));
    }

    [Fact]
    public void Build_Environment_FillsTransportTimeRegionAndSourceKeys()
    {
        // Arrange
        var time = new DateTimeOffset(2024, 1, 2, 4, 4, 5, TimeSpan.FromHours(1));

        // Act
        var request = User()
            .WithSourceIp("203.0.113.7")
            .WithSecureTransport(true)
            .WithRequestTime(time)
            .WithRequestedRegion("us-east-1")
            .WithMultiFactorAuth(false)
            .Build("codecommit:GitPull", RepoArn);

        // Assert
        Assert.Equal(
            ["203.0.113.7", "true", "2024-01-02T03:04:05Z", "1704164645", "us-east-1", "false"],
            new[] { "aws:SourceIp", "aws:SecureTransport", "aws:CurrentTime", "aws:EpochTime", "aws:RequestedRegion", "aws:MultiFactorAuthPresent" }
                .Select(key => request.GetValues(key).Single()));
    }

    [Theory]
    [InlineData(null, "Bool", PolicyDecision.Allow)]
    [InlineData(null, "BoolIfExists", PolicyDecision.ExplicitDeny)]
    [InlineData(false, "Bool", PolicyDecision.ExplicitDeny)]
    [InlineData(true, "BoolIfExists", PolicyDecision.Allow)]
    public void Evaluate_MultiFactorAuthAbsentForLongTermKeys_OnlyIfExistsCatchesIt(bool? mfa, string op, PolicyDecision expected)
    {
        // Arrange
        var denyWithoutMfa = Doc(Deny("codecommit:*", "*", Condition(op, "aws:MultiFactorAuthPresent", "\"false\"")));
        var request = User().WithMultiFactorAuth(mfa).Build("codecommit:GitPush", RepoArn);

        // Act
        var decision = Decide(request, Doc(Allow("codecommit:*")), denyWithoutMfa);

        // Assert
        Assert.Equal(expected, decision);
    }

    [Theory]
    [InlineData(true, "203.0.113.7", "2024-06-01T00:00:00Z", PolicyDecision.Allow)]
    [InlineData(false, "203.0.113.7", "2024-06-01T00:00:00Z", PolicyDecision.ExplicitDeny)]
    [InlineData(true, "198.51.100.7", "2024-06-01T00:00:00Z", PolicyDecision.ExplicitDeny)]
    [InlineData(true, "203.0.113.7", "2025-06-01T00:00:00Z", PolicyDecision.ExplicitDeny)]
    public void Evaluate_BuiltEnvironmentKeys_DriveGlobalConditions(bool secure, string sourceIp, string now, PolicyDecision expected)
    {
        // Arrange
        var guard = Doc(
            Allow("codecommit:*"),
            Deny("codecommit:*", "*", """{"Bool": {"aws:SecureTransport": "false"}}"""),
            Deny("codecommit:*", "*", """{"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}"""),
            Deny("codecommit:*", "*", """{"DateGreaterThan": {"aws:CurrentTime": "2024-12-31T23:59:59Z"}}"""));
        var request = User()
            .WithSecureTransport(secure)
            .WithSourceIp(sourceIp)
            .WithRequestTime(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture))
            .Build("codecommit:GitPull", RepoArn);

        // Act
        var decision = Decide(request, guard);

        // Assert
        Assert.Equal(expected, decision);
    }

    [Fact]
    public void Build_CalledTwice_ProducesIndependentContexts()
    {
        // Arrange
        var builder = User().WithKey("test:k", "one");
        var first = builder.Build("codecommit:GitPull", RepoArn);

        // Act
        var second = builder.WithKey("test:k", "two").WithoutKey("aws:username").Build("codecommit:GitPush", OtherRepoArn);

        // Assert
        Assert.Equal(("one", true), (first.GetValues("test:k").Single(), first.ContainsKey("aws:username")));
        Assert.Equal(("two", false), (second.GetValues("test:k").Single(), second.ContainsKey("aws:username")));
    }

    [Fact]
    public void RequestContext_WithMethods_ReturnCopiesAndLeaveOriginalUnchanged()
    {
        // Arrange
        var original = new RequestContext("codecommit:GitPush", RepoArn, [new("Test:Refs", ["refs/heads/a", "refs/heads/b"])]);

        // Act
        var withKey = original.WithKey("test:other", "x");
        var withoutKey = original.WithoutKey("test:refs");
        var moved = original.WithAction("codecommit:GitPull").WithResource(OtherRepoArn);

        // Assert
        Assert.Equal(["refs/heads/a", "refs/heads/b"], original.GetValues("TEST:REFS"));
        Assert.False(original.ContainsKey("test:other"));
        Assert.True(withKey.ContainsKey("test:other"));
        Assert.False(withoutKey.ContainsKey("test:refs"));
        Assert.Equal(("codecommit:GitPull", OtherRepoArn, 1), (moved.Action, moved.Resource, moved.KeyNames.Count));
    }

    [Fact]
    public void RequestContext_KeyWithNoValues_IsAbsent()
    {
        // Act
        var request = new RequestContext("codecommit:GitPush", RepoArn).WithKey("codecommit:References", []);

        // Assert
        Assert.False(request.ContainsKey("codecommit:References"));
        Assert.Empty(request.GetValues("codecommit:References"));
    }
}
