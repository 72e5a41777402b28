using Gitstead.Policy;
using Xunit;
using static Gitstead.UnitTests.Policy.PolicyTestKit;

namespace Gitstead.UnitTests.Policy;

/// <summary>Each row: operator, policy value(s) as JSON, request values of test:key (null = key absent), allowed?</summary>
public sealed class ConditionOperatorTests
{
    public static TheoryData<string, string, string[]?, bool> StringCases => new()
    {
        { "StringEquals", "\"abc\"", ["abc"], true },
        { "StringEquals", "\"abc\"", ["ABC"], false },
        { "StringEquals", "\"a*\"", ["abc"], false },
        { "StringEquals", "\"a*\"", ["a*"], true },
        { "StringEquals", """["x", "abc"]""", ["abc"], true },
        { "StringEquals", "\"abc\"", null, false },
        { "StringNotEquals", "\"abc\"", ["abd"], true },
        { "StringNotEquals", "\"abc\"", ["abc"], false },
        { "StringNotEquals", "\"abc\"", null, true },
        { "StringNotEquals", """["a", "b"]""", ["a"], false },
        { "StringNotEquals", """["a", "b"]""", ["b"], false },
        { "StringNotEquals", """["a", "b"]""", ["c"], true },
        { "StringEqualsIgnoreCase", "\"ABC\"", ["abc"], true },
        { "StringEqualsIgnoreCase", "\"ABC\"", ["abd"], false },
        { "StringNotEqualsIgnoreCase", "\"ABC\"", ["abc"], false },
        { "StringNotEqualsIgnoreCase", "\"ABC\"", ["xyz"], true },
        { "StringLike", "\"refs/heads/*\"", ["refs/heads/feature/x"], true },
        { "StringLike", "\"refs/heads/*\"", ["refs/tags/v1"], false },
        { "StringLike", "\"refs/heads/*\"", ["REFS/HEADS/x"], false },
        { "StringLike", "\"v?\"", ["v1"], true },
        { "StringLike", "\"v?\"", ["v10"], false },
        { "StringLike", "\"*\"", [""], true },
        { "StringNotLike", "\"refs/heads/*\"", ["refs/tags/v1"], true },
        { "StringNotLike", "\"refs/heads/*\"", ["refs/heads/main"], false },
        { "StringNotLike", "\"refs/heads/*\"", null, true },
    };

    public static TheoryData<string, string, string[]?, bool> NumericCases => new()
    {
        { "NumericEquals", "\"10\"", ["10"], true },
        { "NumericEquals", "10", ["10.0"], true },
        { "NumericEquals", "\"10\"", ["11"], false },
        { "NumericEquals", "\"10\"", ["ten"], false },
        { "NumericEquals", "\"10\"", null, false },
        { "NumericNotEquals", "\"10\"", ["11"], true },
        { "NumericNotEquals", "\"10\"", ["10"], false },
        { "NumericNotEquals", "\"10\"", null, true },
        { "NumericLessThan", "\"10\"", ["9"], true },
        { "NumericLessThan", "\"10\"", ["10"], false },
        { "NumericLessThan", "\"0.5\"", ["-1"], true },
        { "NumericLessThanEquals", "\"10\"", ["10"], true },
        { "NumericLessThanEquals", "\"10\"", ["10.5"], false },
        { "NumericGreaterThan", "\"10\"", ["11"], true },
        { "NumericGreaterThan", "\"10\"", ["10"], false },
        { "NumericGreaterThanEquals", "\"10\"", ["10"], true },
        { "NumericGreaterThanEquals", "\"10\"", ["9.99"], false },
    };

    public static TheoryData<string, string, string[]?, bool> DateCases => new()
    {
        { "DateEquals", "\"2024-01-02T03:04:05Z\"", ["1704164645"], true },
        { "DateEquals", "\"1704164645\"", ["2024-01-02T04:04:05+01:00"], true },
        { "DateEquals", "\"2024-01-02\"", ["2024-01-02T00:00:00Z"], true },
        { "DateEquals", "\"2024-01-02T03:04:05Z\"", ["2024-01-02T03:04:06Z"], false },
        { "DateNotEquals", "\"2024-01-02T03:04:05Z\"", ["2024-01-02T03:04:06Z"], true },
        { "DateNotEquals", "\"2024-01-02T03:04:05Z\"", null, true },
        { "DateLessThan", "\"2024-01-01T00:00:00Z\"", ["2023-12-31T23:59:59Z"], true },
        { "DateLessThan", "\"2024-01-01T00:00:00Z\"", ["2024-01-01T00:00:00Z"], false },
        { "DateLessThanEquals", "\"2024-01-01T00:00:00Z\"", ["2024-01-01T00:00:00Z"], true },
        { "DateGreaterThan", "\"2024-01-01T00:00:00Z\"", ["2024-06-01T00:00:00Z"], true },
        { "DateGreaterThan", "\"2024-01-01T00:00:00Z\"", ["1600000000"], false },
        { "DateGreaterThanEquals", "\"2024-01-01T00:00:00Z\"", ["2024-01-01T00:00:00Z"], true },
        { "DateGreaterThan", "\"2024-01-01T00:00:00Z\"", ["not a date"], false },
        { "DateGreaterThan", "\"2024-01-01T00:00:00Z\"", null, false },
    };

    public static TheoryData<string, string, string[]?, bool> BoolBinaryIpArnNullCases => new()
    {
        { "Bool", "\"true\"", ["true"], true },
        { "Bool", "\"true\"", ["TRUE"], true },
        { "Bool", "true", ["true"], true },
        { "Bool", "\"true\"", ["false"], false },
        { "Bool", "\"false\"", null, false },
        { "BinaryEquals", "\"QmluYXJ5VmFsdWU=\"", ["QmluYXJ5VmFsdWU="], true },
        { "BinaryEquals", "\"QmluYXJ5VmFsdWU=\"", ["T3RoZXI="], false },
        { "IpAddress", "\"203.0.113.0/24\"", ["203.0.113.7"], true },
        { "IpAddress", "\"203.0.113.0/24\"", ["203.0.114.1"], false },
        { "IpAddress", "\"203.0.113.7\"", ["203.0.113.7"], true },
        { "IpAddress", "\"203.0.113.7\"", ["203.0.113.8"], false },
        { "IpAddress", "\"10.0.0.0/7\"", ["11.255.255.255"], true },
        { "IpAddress", "\"10.0.0.0/7\"", ["12.0.0.0"], false },
        { "IpAddress", "\"203.0.113.0/24\"", ["::ffff:203.0.113.9"], true },
        { "IpAddress", "\"2001:db8::/32\"", ["2001:db8:1::1"], true },
        { "IpAddress", "\"2001:db8::/32\"", ["2001:db9::1"], false },
        { "IpAddress", "\"2001:db8::/32\"", ["203.0.113.7"], false },
        { "IpAddress", "\"0.0.0.0/0\"", ["not-an-ip"], false },
        { "NotIpAddress", "\"203.0.113.0/24\"", ["198.51.100.1"], true },
        { "NotIpAddress", "\"203.0.113.0/24\"", ["203.0.113.1"], false },
        { "NotIpAddress", "\"203.0.113.0/24\"", null, true },
        { "ArnEquals", "\"arn:aws:iam::111111111111:user/*\"", ["arn:aws:iam::111111111111:user/bob"], true },
        { "ArnLike", "\"arn:aws:iam::111111111111:user/*\"", ["arn:aws:iam::111111111111:role/bob"], false },
        { "ArnLike", "\"arn:aws:codecommit:*:*:*\"", [RepoArn], true },
        { "ArnLike", "\"arn:aws:iam::111111111111:user/Bob\"", ["arn:aws:iam::111111111111:user/bob"], false },
        { "ArnNotEquals", "\"arn:aws:iam::111111111111:user/bob\"", ["arn:aws:iam::111111111111:user/alice"], true },
        { "ArnNotLike", "\"arn:aws:iam::111111111111:user/*\"", ["arn:aws:iam::111111111111:user/alice"], false },
        { "ArnNotLike", "\"arn:aws:iam::111111111111:user/*\"", null, true },
        { "Null", "\"true\"", null, true },
        { "Null", "\"true\"", ["x"], false },
        { "Null", "\"false\"", null, false },
        { "Null", "false", ["x"], true },
    };

    public static TheoryData<string, string, string[]?, bool> IfExistsCases => new()
    {
        { "StringEqualsIfExists", "\"abc\"", null, true },
        { "StringEqualsIfExists", "\"abc\"", ["abc"], true },
        { "StringEqualsIfExists", "\"abc\"", ["xyz"], false },
        { "StringNotEqualsIfExists", "\"abc\"", ["abc"], false },
        { "StringLikeIfExists", "\"a*\"", null, true },
        { "NumericLessThanIfExists", "\"10\"", null, true },
        { "NumericLessThanIfExists", "\"10\"", ["11"], false },
        { "DateGreaterThanIfExists", "\"2024-01-01\"", null, true },
        { "BoolIfExists", "\"false\"", null, true },
        { "BoolIfExists", "\"false\"", ["true"], false },
        { "IpAddressIfExists", "\"10.0.0.0/8\"", null, true },
        { "IpAddressIfExists", "\"10.0.0.0/8\"", ["11.0.0.1"], false },
        { "ArnLikeIfExists", "\"arn:aws:iam::*:user/*\"", null, true },
        { "BinaryEqualsIfExists", "\"QQ==\"", null, true },
    };

    [Theory]
    [MemberData(nameof(StringCases))]
    [MemberData(nameof(NumericCases))]
    [MemberData(nameof(DateCases))]
    [MemberData(nameof(BoolBinaryIpArnNullCases))]
    [MemberData(nameof(IfExistsCases))]
    public void Evaluate_ConditionOperator_MatchesAsIamDoes(string op, string policyValues, string[]? requestValues, bool allowed)
    {
        // Arrange
        var policy = ConditionPolicy(op, policyValues);

        // Act
        var decision = Decide(Request("codecommit:GitPull", testKeyValues: requestValues), policy);

        // Assert
        Assert.Equal(allowed ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny, decision);
    }

    [Theory]
    [InlineData("bob", "203.0.113.7", true)]
    [InlineData("bob", "198.51.100.1", false)]
    [InlineData("alice", "203.0.113.7", false)]
    public void Evaluate_SeveralKeysAndOperators_AllMustHold(string userName, string sourceIp, bool allowed)
    {
        // Arrange
        var policy = Doc(Allow("codecommit:GitPull", "*", """
            {"StringEquals": {"aws:username": "bob", "aws:PrincipalAccount": "111111111111"},
             "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
            """));
        var request = User(userName).WithSourceIp(sourceIp).Build("codecommit:GitPull", RepoArn);

        // Act
        var decision = Decide(request, policy);

        // Assert
        Assert.Equal(allowed ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny, decision);
    }

    [Theory]
    [InlineData("aws:SourceIp", "AWS:SOURCEIP")]
    [InlineData("AWS:SourceIP", "aws:sourceip")]
    [InlineData("codecommit:references", "codecommit:References")]
    public void Evaluate_ConditionKeyNameCaseDiffers_StillMatches(string policyKey, string requestKey)
    {
        // Arrange
        var policy = ConditionPolicy("StringEquals", "\"v\"", policyKey);
        var request = Request("codecommit:GitPull").WithKey(requestKey, "v");

        // Act
        var decision = Decide(request, policy);

        // Assert
        Assert.Equal(PolicyDecision.Allow, decision);
    }

    [Theory]
    [InlineData("stringequals", true)]
    [InlineData("forallvalues:stringlikeifexists", true)]
    [InlineData("StringEqualsIfExistsIfExists", false)]
    [InlineData("IfExists", false)]
    public void Parse_OperatorNameCase_ResolvesCaseInsensitively(string op, bool valid)
    {
        // Arrange
        var json = """{"Statement": {"Effect": "Allow", "Action": "a:b", "Resource": "*", "Condition": {"OP": {"a:k": "v"}}}}"""
            .Replace("OP", op, StringComparison.Ordinal);

        // Act
        var parsed = PolicyDocument.TryParse(json, null, out _, out _);

        // Assert
        Assert.Equal(valid, parsed);
    }
}
