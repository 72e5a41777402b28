using Gitstead.Policy;
using Xunit;
using static Gitstead.UnitTests.Policy.PolicyTestKit;

namespace Gitstead.UnitTests.Policy;

/// <summary>
/// AWS's "limit pushes and merges to branches" example (notes 7.2): a group policy denies
/// GitPush/DeleteBranch/PutFile/Merge* on main and prod; users outside the group keep pushing.
/// GitPush is evaluated twice: at connection time without codecommit:References, then with
/// the refs being updated.
/// </summary>
public sealed class CodeCommitScenarioTests
{
    private const string RepoInUsEast2 = "arn:aws:codecommit:us-east-2:111111111111:MyDemoRepo";

    private const string NullGuard = """, "Null": {"codecommit:References": "false"}""";

    private const string DenyPushToMainTemplate = """
        {"Effect": "Deny",
         "Action": ["codecommit:GitPush", "codecommit:DeleteBranch", "codecommit:PutFile",
                    "codecommit:MergeBranchesByFastForward", "codecommit:MergeBranchesBySquash",
                    "codecommit:MergeBranchesByThreeWay", "codecommit:MergePullRequestByFastForward",
                    "codecommit:MergePullRequestBySquash", "codecommit:MergePullRequestByThreeWay"],
         "Resource": "arn:aws:codecommit:us-east-2:111111111111:MyDemoRepo",
         "Condition": {"StringEqualsIfExists": {"codecommit:References": ["refs/heads/main", "refs/heads/prod"]}EXTRA}}
        """;

    private static readonly string DenyPushToMainStatement = DenyPushStatement(NullGuard);

    private static readonly PolicyInput PowerUser = AwsManagedPolicies.FindByName("AWSCodeCommitPowerUser")!.ToPolicyInput();
    private static readonly PolicyInput DenyPushToMain = new("group:restricted/DenyPushToMain", Doc(DenyPushToMainStatement));

    public static TheoryData<string[]?, bool, PolicyDecision> PushCases => new()
    {
        // refs (null = connection time, refs unknown), in restricted group?, decision
        { null, true, PolicyDecision.Allow },
        { ["refs/heads/feature/login"], true, PolicyDecision.Allow },
        { ["refs/tags/v1.0"], true, PolicyDecision.Allow },
        { ["refs/heads/main"], true, PolicyDecision.ExplicitDeny },
        { ["refs/heads/prod"], true, PolicyDecision.ExplicitDeny },
        { ["refs/heads/feature/login", "refs/heads/main"], true, PolicyDecision.ExplicitDeny },
        { ["refs/heads/Main"], true, PolicyDecision.Allow },
        { ["refs/heads/main"], false, PolicyDecision.Allow },
        { null, false, PolicyDecision.Allow },
    };

    [Theory]
    [MemberData(nameof(PushCases))]
    public void Evaluate_GitPushWithReferences_DeniesMainForRestrictedGroupOnly(string[]? refs, bool inRestrictedGroup, PolicyDecision expected)
    {
        // Arrange
        var builder = User();
        if (refs is not null)
        {
            builder.WithKey(CodeCommitConditionKeys.References, refs);
        }

        PolicyInput[] policies = inRestrictedGroup ? [PowerUser, DenyPushToMain] : [PowerUser];

        // Act
        var decision = PolicyEvaluator.Evaluate(builder.Build("codecommit:GitPush", RepoInUsEast2), policies).Decision;

        // Assert
        Assert.Equal(expected, decision);
    }

    [Fact]
    public void Evaluate_TwoPhaseGitPush_ConnectionAllowedThenRefUpdateDenied()
    {
        // Arrange
        var connection = User().Build("codecommit:GitPush", RepoInUsEast2);
        var refUpdate = connection.WithKey(CodeCommitConditionKeys.References, "refs/heads/main");

        // Act
        var first = PolicyEvaluator.Evaluate(connection, [PowerUser, DenyPushToMain]);
        var second = PolicyEvaluator.Evaluate(refUpdate, [PowerUser, DenyPushToMain]);

        // Assert
        Assert.Equal((PolicyDecision.Allow, PolicyDecision.ExplicitDeny), (first.Decision, second.Decision));
        Assert.Equal("group:restricted/DenyPushToMain", second.DecidingStatement!.PolicyId);
    }

    [Fact]
    public void Evaluate_DenyWithoutNullGuard_BlocksEveryPushAtConnectionTime()
    {
        // Arrange
        var unguarded = Doc(DenyPushStatement(string.Empty));
        var connection = User().Build("codecommit:GitPush", RepoInUsEast2);

        // Act
        var decision = PolicyEvaluator.Evaluate(connection, [PowerUser, new("unguarded", unguarded)]).Decision;

        // Assert
        Assert.Equal(PolicyDecision.ExplicitDeny, decision);
    }

    [Theory]
    [InlineData("codecommit:MergePullRequestBySquash", PolicyDecision.ExplicitDeny)]
    [InlineData("codecommit:PutFile", PolicyDecision.ExplicitDeny)]
    [InlineData("codecommit:CreateBranch", PolicyDecision.Allow)]
    public void Evaluate_BranchApiActionOnMain_DeniedOnlyForListedActions(string action, PolicyDecision expected)
    {
        // Arrange
        var request = User().WithKey(CodeCommitConditionKeys.References, "refs/heads/main").Build(action, RepoInUsEast2);

        // Act
        var decision = PolicyEvaluator.Evaluate(request, [PowerUser, DenyPushToMain]).Decision;

        // Assert
        Assert.Equal(expected, decision);
    }

    [Theory]
    [InlineData("release-bot", PolicyDecision.Allow)]
    [InlineData("bob", PolicyDecision.ExplicitDeny)]
    public void Evaluate_DenyWithPrincipalException_ListedUsersMayPushMain(string userName, PolicyDecision expected)
    {
        // Arrange
        var exceptBot = Doc(DenyPushStatement(""", "ArnNotEquals": {"aws:PrincipalArn": ["arn:aws:iam::111111111111:user/release-bot"]}""" + NullGuard));
        var request = User(userName).WithKey(CodeCommitConditionKeys.References, "refs/heads/main").Build("codecommit:GitPush", RepoInUsEast2);

        // Act
        var decision = PolicyEvaluator.Evaluate(request, [PowerUser, new("everyone", exceptBot)]).Decision;

        // Assert
        Assert.Equal(expected, decision);
    }

    [Theory]
    [InlineData("arn:aws:codecommit:us-east-1:111111111111:NewName", PolicyDecision.Allow)]
    [InlineData("arn:aws:codecommit:us-east-1:111111111111:Forbidden", PolicyDecision.ImplicitDeny)]
    public void EvaluateAll_UpdateRepositoryName_RequiresOldAndNewArn(string newArn, PolicyDecision expected)
    {
        // Arrange
        var policy = Doc(Allow("codecommit:UpdateRepositoryName", RepoArn), Allow("codecommit:UpdateRepositoryName", "arn:aws:codecommit:us-east-1:111111111111:New*"));
        var request = User().Build("codecommit:UpdateRepositoryName", RepoArn);

        // Act
        var result = PolicyEvaluator.EvaluateAll(request, [RepoArn, newArn], Inputs(policy));

        // Assert
        Assert.Equal(expected, result.Decision);
    }

    [Theory]
    [InlineData("arn:aws:iam::111111111111:user/team/carol", PolicyDecision.Allow)]
    [InlineData("arn:aws:iam::111111111111:user/admins/carol", PolicyDecision.ImplicitDeny)]
    public void EvaluateAll_UpdateUserRename_RequiresOldAndNewUser(string newUserArn, PolicyDecision expected)
    {
        // Arrange
        var policy = Doc(Allow("iam:UpdateUser", "arn:aws:iam::111111111111:user/team/*"));
        var request = User().Build("iam:UpdateUser", "arn:aws:iam::111111111111:user/team/dave");

        // Act
        var result = PolicyEvaluator.EvaluateAll(request, ["arn:aws:iam::111111111111:user/team/dave", newUserArn], Inputs(policy));

        // Assert
        Assert.Equal(expected, result.Decision);
    }

    [Fact]
    public void EvaluateAll_NoResources_Throws()
    {
        // Act
        var exception = Record.Exception(() => PolicyEvaluator.EvaluateAll(Request("codecommit:GitPull"), [], []));

        // Assert
        Assert.IsType<ArgumentException>(exception);
    }

    private static string DenyPushStatement(string extraConditions) =>
        DenyPushToMainTemplate.Replace("EXTRA", extraConditions, StringComparison.Ordinal);
}
