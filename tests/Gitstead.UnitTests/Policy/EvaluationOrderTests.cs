using Gitstead.Policy;
using Xunit;
using static Gitstead.UnitTests.Policy.PolicyTestKit;

namespace Gitstead.UnitTests.Policy;

public sealed class EvaluationOrderTests
{
    private static readonly PolicyDocument AllowPush = Doc(Allow("codecommit:GitPush", RepoArn, sid: "AllowPush"));
    private static readonly PolicyDocument DenyPush = Doc(Deny("codecommit:GitPush", "*", sid: "DenyPush"));
    private static readonly PolicyDocument AllowThenDeny = Doc(Allow("codecommit:*"), Deny("codecommit:GitPush", sid: "DenyPush"));
    private static readonly PolicyDocument DenyThenAllow = Doc(Deny("codecommit:GitPush", sid: "DenyPush"), Allow("codecommit:*"));

    public static TheoryData<string[], string> DenyBeatsAllowCases => new()
    {
        { ["user-inline:allow", "group-managed:deny"], "group-managed:deny" },
        { ["group-managed:deny", "user-inline:allow"], "group-managed:deny" },
        { ["user-managed:allow-then-deny"], "user-managed:allow-then-deny" },
        { ["group-inline:deny-then-allow"], "group-inline:deny-then-allow" },
        { ["user-inline:allow", "user-managed:allow", "group-inline:deny"], "group-inline:deny" },
    };

    [Theory]
    [MemberData(nameof(DenyBeatsAllowCases))]
    public void Evaluate_DenyAndAllowInAnyOrder_ExplicitDenyFromTheDenyingPolicy(string[] policies, string denyingPolicy)
    {
        // Arrange
        var inputs = policies.Select(id => new PolicyInput(id, DocumentFor(id)));

        // Act
        var result = PolicyEvaluator.Evaluate(Request("codecommit:GitPush"), inputs);

        // Assert
        Assert.Equal(PolicyDecision.ExplicitDeny, result.Decision);
        Assert.Equal((denyingPolicy, "DenyPush", PolicySource.Identity), (result.DecidingStatement!.PolicyId, result.DecidingStatement.Sid, result.DecidingStatement.Source));
    }

    [Fact]
    public void Evaluate_OnlyAllowApplies_AllowWithDecidingStatement()
    {
        // Act
        var result = PolicyEvaluator.Evaluate(Request("codecommit:GitPush"), [new PolicyInput("inline:push", AllowPush)]);

        // Assert
        Assert.True(result.IsAllowed);
        Assert.Equal(("inline:push", "AllowPush", PolicyEffect.Allow), (result.DecidingStatement!.PolicyId, result.DecidingStatement.Sid, result.DecidingStatement.Effect));
    }

    [Theory]
    [InlineData("codecommit:GitPull", RepoArn)]
    [InlineData("codecommit:GitPush", OtherRepoArn)]
    public void Evaluate_NoStatementApplies_ImplicitDeny(string action, string resource)
    {
        // Act
        var result = Evaluate(Request(action, resource), AllowPush);

        // Assert
        Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
        Assert.Null(result.DecidingStatement);
        Assert.Empty(result.MatchedStatements);
    }

    [Fact]
    public void Evaluate_NoPolicies_ImplicitDeny()
    {
        // Act
        var decision = Decide(Request("codecommit:GitPull"));

        // Assert
        Assert.Equal(PolicyDecision.ImplicitDeny, decision);
    }

    [Fact]
    public void Evaluate_SeveralStatementsApply_ListsEveryMatchedStatementInOrder()
    {
        // Act
        var result = Evaluate(Request("codecommit:GitPush"), AllowPush, AllowThenDeny);

        // Assert
        Assert.Equal(
            [("policy0", 0), ("policy1", 0), ("policy1", 1)],
            result.MatchedStatements.Select(matched => (matched.PolicyId, matched.Statement.Index)));
    }

    private static PolicyDocument DocumentFor(string id) => id.Split(':')[1] switch
    {
        "allow" => AllowPush,
        "deny" => DenyPush,
        "allow-then-deny" => AllowThenDeny,
        _ => DenyThenAllow,
    };
}
