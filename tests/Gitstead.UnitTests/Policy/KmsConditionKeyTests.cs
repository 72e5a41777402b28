using Gitstead.Policy;
using Xunit;
using static Gitstead.UnitTests.Policy.PolicyTestKit;

namespace Gitstead.UnitTests.Policy;

/// <summary>
/// KMS's condition keys in key policies, as the engine evaluates them: kms:CallerAccount and
/// kms:ViaService in an AWS managed key's policy, kms:EncryptionContext:KEY (its name compared
/// without case, its value with), and the set operators on the multivalued kms:EncryptionContextKeys.
/// </summary>
public sealed class KmsConditionKeyTests
{
    private const string KeyArn = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    /// <summary>The first statement of AWS's managed key policy for CodeCommit.</summary>
    private static readonly PolicyDocument ManagedKeyPolicy = KeyPolicy("""
        {"Effect": "Allow", "Principal": {"AWS": "*"},
         "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": "111111111111", "kms:ViaService": "codecommit.us-east-1.amazonaws.com"}}}
        """);

    public static TheoryData<string, string?, string, PolicyDecision> ManagedKeyCases => new()
    {
        { "111111111111", "codecommit.us-east-1.amazonaws.com", "kms:GenerateDataKey", PolicyDecision.Allow },
        { "111111111111", "codecommit.us-east-1.amazonaws.com", "kms:ReEncryptFrom", PolicyDecision.Allow },
        { "111111111111", null, "kms:GenerateDataKey", PolicyDecision.ImplicitDeny },
        { "111111111111", "codecommit.eu-west-1.amazonaws.com", "kms:Decrypt", PolicyDecision.ImplicitDeny },
        { "222222222222", "codecommit.us-east-1.amazonaws.com", "kms:Decrypt", PolicyDecision.ImplicitDeny },
        { "111111111111", "codecommit.us-east-1.amazonaws.com", "kms:DisableKey", PolicyDecision.ImplicitDeny },
    };

    [Theory]
    [MemberData(nameof(ManagedKeyCases))]
    public void Evaluate_ManagedKeyPolicy_AllowsCryptographyOnlyThroughTheServiceForTheAccount(
        string callerAccount, string? viaService, string action, PolicyDecision expected)
    {
        // Arrange: a user with no IAM policy at all.
        var request = User().WithKey(KmsConditionKeys.CallerAccount, callerAccount).Build(action, KeyArn);
        if (viaService is not null)
        {
            request = request.WithKey(KmsConditionKeys.ViaService, viaService);
        }

        // Act
        var decision = PolicyEvaluator.Evaluate(request, [], [new("key", ManagedKeyPolicy)], EvaluationMode.KeyPolicy).Decision;

        // Assert
        Assert.Equal(expected, decision);
    }

    public static TheoryData<string, string[], string[], PolicyDecision> ContextCases => new()
    {
        // kms:EncryptionContext:KEY: the key name in any case, the value as written.
        { """{"StringEquals": {"kms:EncryptionContext:purpose": "backup"}}""", ["Purpose"], ["backup"], PolicyDecision.Allow },
        { """{"StringEquals": {"kms:EncryptionContext:purpose": "backup"}}""", ["purpose"], ["Backup"], PolicyDecision.ImplicitDeny },
        { """{"StringEquals": {"kms:EncryptionContext:purpose": "backup"}}""", [], [], PolicyDecision.ImplicitDeny },
        { """{"StringEqualsIgnoreCase": {"kms:EncryptionContext:purpose": "backup"}}""", ["purpose"], ["BACKUP"], PolicyDecision.Allow },

        // kms:EncryptionContextKeys with the set operators, case-sensitive in its values.
        { """{"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["purpose", "team"]}}""", ["purpose"], ["x"], PolicyDecision.Allow },
        { """{"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["purpose", "team"]}}""", ["purpose", "other"], ["x", "y"], PolicyDecision.ImplicitDeny },
        { """{"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["purpose"]}}""", ["Purpose"], ["x"], PolicyDecision.ImplicitDeny },

        // ForAllValues holds for a request with no context (AWS's documented pitfall); Null guards it.
        { """{"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["purpose"]}}""", [], [], PolicyDecision.Allow },
        { """{"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["purpose"]}, "Null": {"kms:EncryptionContextKeys": "false"}}""", [], [], PolicyDecision.ImplicitDeny },
        { """{"ForAnyValue:StringEquals": {"kms:EncryptionContextKeys": "team"}}""", ["purpose", "team"], ["x", "y"], PolicyDecision.Allow },
        { """{"ForAnyValue:StringEquals": {"kms:EncryptionContextKeys": "team"}}""", ["purpose"], ["x"], PolicyDecision.ImplicitDeny },
    };

    [Theory]
    [MemberData(nameof(ContextCases))]
    public void Evaluate_EncryptionContextConditions_MatchAsAwsDocuments(string condition, string[] contextKeys, string[] contextValues, PolicyDecision expected)
    {
        // Arrange: the key policy names the user directly, so the condition alone decides.
        var policy = KeyPolicy($$"""
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:user/bob"}, "Action": "kms:Decrypt", "Resource": "*", "Condition": {{condition}}}
            """);
        var request = User().Build("kms:Decrypt", KeyArn);
        for (var i = 0; i < contextKeys.Length; i++)
        {
            request = request.WithKey(KmsConditionKeys.EncryptionContextPrefix + contextKeys[i], contextValues[i]);
        }

        if (contextKeys.Length > 0)
        {
            request = request.WithKey(KmsConditionKeys.EncryptionContextKeys, contextKeys);
        }

        // Act
        var decision = PolicyEvaluator.Evaluate(request, [], [new("key", policy)], EvaluationMode.KeyPolicy).Decision;

        // Assert
        Assert.Equal(expected, decision);
    }

    private static PolicyDocument KeyPolicy(string statement) =>
        PolicyDocument.Parse($$"""{"Version": "2012-10-17", "Statement": [{{statement}}]}""", PolicyParseOptions.ResourceBased);
}
