using Gitstead.Policy;
using Xunit;
using static Gitstead.UnitTests.Policy.PolicyTestKit;

namespace Gitstead.UnitTests.Policy;

/// <summary>ForAnyValue / ForAllValues on multivalued keys: rows are operator, policy values, request values (null = absent), allowed?</summary>
public sealed class SetOperatorTests
{
    public static TheoryData<string, string, string[]?, bool> Cases => new()
    {
        { "ForAnyValue:StringEquals", """["a", "b"]""", ["a", "c"], true },
        { "ForAnyValue:StringEquals", """["a", "b"]""", ["c", "d"], false },
        { "ForAnyValue:StringEquals", """["a", "b"]""", null, false },
        { "ForAnyValue:StringEquals", """["a", "b"]""", [], false },
        { "ForAllValues:StringEquals", """["a", "b"]""", ["a", "b"], true },
        { "ForAllValues:StringEquals", """["a", "b"]""", ["b"], true },
        { "ForAllValues:StringEquals", """["a", "b"]""", ["a", "c"], false },
        { "ForAllValues:StringEquals", """["a", "b"]""", null, true },
        { "ForAllValues:StringEquals", """["a", "b"]""", [], true },
        { "ForAnyValue:StringNotEquals", "\"a\"", ["a", "b"], true },
        { "ForAnyValue:StringNotEquals", "\"a\"", ["a"], false },
        { "ForAnyValue:StringNotEquals", "\"a\"", null, false },
        { "ForAllValues:StringNotEquals", "\"a\"", ["b", "c"], true },
        { "ForAllValues:StringNotEquals", "\"a\"", ["a", "b"], false },
        { "ForAllValues:StringNotEquals", "\"a\"", null, true },
        { "ForAllValues:StringLike", "\"refs/heads/feature/*\"", ["refs/heads/feature/x", "refs/heads/feature/y"], true },
        { "ForAllValues:StringLike", "\"refs/heads/feature/*\"", ["refs/heads/feature/x", "refs/heads/main"], false },
        { "ForAnyValue:StringLike", "\"refs/tags/*\"", ["refs/heads/main", "refs/tags/v1"], true },
        { "ForAnyValue:StringEqualsIfExists", "\"a\"", null, true },
        { "ForAnyValue:NumericGreaterThan", "\"5\"", ["1", "9"], true },
        { "ForAllValues:NumericGreaterThan", "\"5\"", ["1", "9"], false },

        // Without a qualifier a multivalued key behaves like ForAnyValue for positive operators,
        // and a negated operator requires that no request value matches.
        { "StringEquals", "\"b\"", ["a", "b"], true },
        { "StringEquals", "\"z\"", ["a", "b"], false },
        { "StringNotEquals", "\"a\"", ["a", "b"], false },
        { "StringNotEquals", "\"a\"", ["b", "c"], true },
        { "StringNotEquals", "\"a\"", [], true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_SetOperator_FollowsIamSetSemantics(string op, string policyValues, string[]? requestValues, bool allowed)
    {
        // Arrange
        var policy = ConditionPolicy(op, policyValues);

        // Act
        var decision = Decide(Request("codecommit:GitPull", testKeyValues: requestValues), policy);

        // Assert
        Assert.Equal(allowed ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny, decision);
    }

    [Theory]
    [InlineData(false, null, PolicyDecision.Allow)]
    [InlineData(true, null, PolicyDecision.ImplicitDeny)]
    [InlineData(true, new[] { "team" }, PolicyDecision.Allow)]
    [InlineData(true, new[] { "team", "admin" }, PolicyDecision.ImplicitDeny)]
    public void Evaluate_ForAllValuesOnMissingKey_VacuouslyTrueUnlessNullGuarded(bool nullGuard, string[]? tagKeys, PolicyDecision expected)
    {
        // Arrange
        var guard = nullGuard ? """, "Null": {"aws:TagKeys": "false"}""" : string.Empty;
        var policy = Doc(Allow("iam:TagUser", "*", $$"""{"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}{{guard}}}"""));
        var request = new RequestContext("iam:TagUser", "arn:aws:iam::111111111111:user/bob");
        request = tagKeys is null ? request : request.WithKey("aws:TagKeys", tagKeys);

        // Act
        var decision = Decide(request, policy);

        // Assert
        Assert.Equal(expected, decision);
    }
}
