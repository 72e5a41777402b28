using Gitstead.Policy;
using Xunit;
using static Gitstead.UnitTests.Policy.PolicyTestKit;

namespace Gitstead.UnitTests.Policy;

public sealed class ActionResourceMatchingTests
{
    [Theory]
    [InlineData("codecommit:GitPush", "codecommit:GitPush", true)]
    [InlineData("codecommit:GetRepository", "CodeCommit:getrepository", true)]
    [InlineData("CODECOMMIT:GETREPOSITORY", "codecommit:GetRepository", true)]
    [InlineData("codecommit:Get*", "codecommit:GetRepository", true)]
    [InlineData("codecommit:Get*", "codecommit:GitPull", false)]
    [InlineData("codecommit:G?tRepository", "codecommit:GetRepository", true)]
    [InlineData("codecommit:GitPu?", "codecommit:GitPull", false)]
    [InlineData("codecommit:GitPu??", "codecommit:GitPull", true)]
    [InlineData("iam:*ServiceSpecificCredential*", "iam:ResetServiceSpecificCredential", true)]
    [InlineData("iam:*ServiceSpecificCredential*", "iam:ListServiceSpecificCredentials", true)]
    [InlineData("codecommit:*", "iam:GetUser", false)]
    [InlineData("*", "iam:GetUser", true)]
    [InlineData("*:GetUser", "iam:GetUser", true)]
    [InlineData("codecommit:GitPull", "codecommit:GitPullRequest", false)]
    public void Evaluate_ActionPattern_MatchesCaseInsensitively(string pattern, string action, bool allowed)
    {
        // Arrange
        var policy = Doc(Allow(pattern));

        // Act
        var decision = Decide(Request(action), policy);

        // Assert
        Assert.Equal(allowed ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny, decision);
    }

    [Theory]
    [InlineData("codecommit:GitPush", PolicyDecision.Allow)]
    [InlineData("kms:Decrypt", PolicyDecision.Allow)]
    [InlineData("iam:CreateUser", PolicyDecision.ImplicitDeny)]
    [InlineData("IAM:createuser", PolicyDecision.ImplicitDeny)]
    public void Evaluate_AllowWithNotAction_AllowsEverythingElseIncludingOtherServices(string action, PolicyDecision expected)
    {
        // Arrange
        var policy = Doc("""{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}""");

        // Act
        var decision = Decide(Request(action), policy);

        // Assert
        Assert.Equal(expected, decision);
    }

    [Theory]
    [InlineData("codecommit:GitPull", PolicyDecision.Allow)]
    [InlineData("iam:CreateUser", PolicyDecision.ExplicitDeny)]
    [InlineData("kms:Decrypt", PolicyDecision.ExplicitDeny)]
    public void Evaluate_DenyWithNotAction_DeniesEverythingElse(string action, PolicyDecision expected)
    {
        // Arrange
        var admin = Doc(Allow("*"));
        var onlyCodeCommit = Doc("""{"Effect": "Deny", "NotAction": ["codecommit:*"], "Resource": "*"}""");

        // Act
        var decision = Decide(Request(action), admin, onlyCodeCommit);

        // Assert
        Assert.Equal(expected, decision);
    }

    [Theory]
    [InlineData(RepoArn, RepoArn, true)]
    [InlineData("arn:aws:codecommit:us-east-1:111111111111:mydemorepo", RepoArn, false)]
    [InlineData("arn:aws:codecommit:*:*:*", RepoArn, true)]
    [InlineData("arn:aws:codecommit:*:*:*", "*", false)]
    [InlineData("*", "*", true)]
    [InlineData("*", RepoArn, true)]
    [InlineData("arn:aws:codecommit:us-east-1:111111111111:MyDemo*", RepoArn, true)]
    [InlineData("arn:aws:codecommit:us-east-1:111111111111:MyDemo*", OtherRepoArn, false)]
    [InlineData("arn:aws:codecommit:us-east-1:111111111111:MyDemoRep?", RepoArn, true)]
    [InlineData("arn:aws:codecommit:us-east-1:111111111111:MyDemoRe?", RepoArn, false)]
    [InlineData("arn:aws:codecommit:us-east-1:111111111111:MyDemo?epo", RepoArn, true)]
    [InlineData("arn:aws:codecommit:us-*:111111111111:MyDemoRepo", RepoArn, true)]
    [InlineData("arn:aws:codecommit:eu-*:111111111111:MyDemoRepo", RepoArn, false)]
    [InlineData("arn:aws:codecommit:*", RepoArn, true)]
    [InlineData("arn:aws:codecommit:us-east-1:*", RepoArn, true)]
    [InlineData("arn:aws:codecommit:*:MyDemoRepo", RepoArn, true)]
    [InlineData("arn:aws:codecommit:us-*1:MyDemoRepo", RepoArn, false)]
    [InlineData("arn:aws:codecommit:us-east-1:111111111111", RepoArn, false)]
    [InlineData("arn:aws:codecommit:us-east-1:222222222222:*", RepoArn, false)]
    [InlineData("arn:aws:logs:us-east-1:111111111111:log-group:*", "arn:aws:logs:us-east-1:111111111111:log-group:g1:log-stream:s1", true)]
    [InlineData("arn:aws:logs:us-east-1:111111111111:log-group:g?", "arn:aws:logs:us-east-1:111111111111:log-group:g1:log-stream:s1", false)]
    [InlineData("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b:c", true)]
    public void Evaluate_ResourcePattern_MatchesPerArnSegment(string pattern, string resource, bool allowed)
    {
        // Arrange
        var policy = Doc(Allow("codecommit:GitPull", pattern));

        // Act
        var decision = Decide(Request("codecommit:GitPull", resource), policy);

        // Assert
        Assert.Equal(allowed ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny, decision);
    }

    [Theory]
    [InlineData(RepoArn, PolicyDecision.Allow)]
    [InlineData(OtherRepoArn, PolicyDecision.ExplicitDeny)]
    [InlineData("*", PolicyDecision.ExplicitDeny)]
    public void Evaluate_DenyWithNotResource_DeniesEveryOtherResource(string resource, PolicyDecision expected)
    {
        // Arrange
        var allowAll = Doc(Allow("codecommit:*"));
        var onlyMyRepo = Doc($$"""{"Effect": "Deny", "Action": "codecommit:*", "NotResource": ["{{RepoArn}}"]}""");

        // Act
        var decision = Decide(Request("codecommit:GitPull", resource), allowAll, onlyMyRepo);

        // Assert
        Assert.Equal(expected, decision);
    }

    [Theory]
    [InlineData(RepoArn, PolicyDecision.ImplicitDeny)]
    [InlineData(OtherRepoArn, PolicyDecision.Allow)]
    public void Evaluate_AllowWithNotResource_AllowsEveryOtherResource(string resource, PolicyDecision expected)
    {
        // Arrange
        var policy = Doc($$"""{"Effect": "Allow", "Action": "codecommit:GitPull", "NotResource": "{{RepoArn}}"}""");

        // Act
        var decision = Decide(Request("codecommit:GitPull", resource), policy);

        // Assert
        Assert.Equal(expected, decision);
    }

    [Theory]
    [InlineData("arn:aws:codecommit:*:*:*", PolicyDecision.ImplicitDeny)]
    [InlineData("arn:aws:codecommit:*", PolicyDecision.ImplicitDeny)]
    [InlineData("*", PolicyDecision.Allow)]
    public void Evaluate_ActionWithoutResourceLevelPermissions_OnlyResourceStarMatches(string pattern, PolicyDecision expected)
    {
        // Arrange
        var policy = Doc(Allow("codecommit:ListRepositories", pattern));

        // Act
        var decision = Decide(Request("codecommit:ListRepositories", "*"), policy);

        // Assert
        Assert.Equal(expected, decision);
    }
}
