using Gitstead.Policy;
using Xunit;
using static Gitstead.UnitTests.Policy.PolicyTestKit;

namespace Gitstead.UnitTests.Policy;

public sealed class ResourcePolicyEvaluationTests
{
    private const string KeyArn = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private static readonly PolicyDocument IamAllowsDecrypt = Doc(Allow("kms:Decrypt", "*"));

    public static TheoryData<string, bool, EvaluationMode, PolicyDecision> Cases => new()
    {
        // Same account: an allow naming the principal suffices; an account principal delegates to IAM.
        { Key("Allow", """{"AWS": "arn:aws:iam::111111111111:user/bob"}"""), false, EvaluationMode.SameAccount, PolicyDecision.Allow },
        { Key("Allow", "\"*\""), false, EvaluationMode.SameAccount, PolicyDecision.Allow },
        { Key("Allow", """{"AWS": "arn:aws:iam::111111111111:root"}"""), false, EvaluationMode.SameAccount, PolicyDecision.ImplicitDeny },
        { Key("Allow", """{"AWS": "arn:aws:iam::111111111111:user/alice"}"""), false, EvaluationMode.SameAccount, PolicyDecision.ImplicitDeny },
        { Key("Deny", """{"AWS": "111111111111"}"""), true, EvaluationMode.SameAccount, PolicyDecision.ExplicitDeny },
        { Key("Allow", """{"Service": "codecommit.amazonaws.com"}"""), false, EvaluationMode.SameAccount, PolicyDecision.ImplicitDeny },

        // KMS: IAM policies count only when the key policy delegates to the account.
        { Key("Allow", """{"AWS": "arn:aws:iam::222222222222:root"}"""), true, EvaluationMode.KeyPolicy, PolicyDecision.ImplicitDeny },
        { Key("Allow", """{"AWS": "arn:aws:iam::111111111111:root"}"""), true, EvaluationMode.KeyPolicy, PolicyDecision.Allow },
        { Key("Allow", """{"AWS": "arn:aws:iam::111111111111:root"}"""), false, EvaluationMode.KeyPolicy, PolicyDecision.ImplicitDeny },
        { Key("Allow", """{"AWS": "arn:aws:iam::111111111111:user/bob"}"""), false, EvaluationMode.KeyPolicy, PolicyDecision.Allow },
        { Key("Allow", """{"AWS": "*"}"""), false, EvaluationMode.KeyPolicy, PolicyDecision.Allow },

        // NotPrincipal applies to everyone not listed; an account excludes only its root.
        { KeyNot("Deny", """{"AWS": "arn:aws:iam::111111111111:user/bob"}"""), true, EvaluationMode.SameAccount, PolicyDecision.Allow },
        { KeyNot("Deny", """{"AWS": "arn:aws:iam::111111111111:user/alice"}"""), true, EvaluationMode.SameAccount, PolicyDecision.ExplicitDeny },
        { KeyNot("Deny", """{"AWS": "111111111111"}"""), true, EvaluationMode.SameAccount, PolicyDecision.ExplicitDeny },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_KeyPolicyAndIamPolicy_CombinesPerMode(string keyPolicy, bool iamAllows, EvaluationMode mode, PolicyDecision expected)
    {
        // Arrange
        var request = User().Build("kms:Decrypt", KeyArn);
        PolicyInput[] identity = iamAllows ? [new("inline", IamAllowsDecrypt)] : [];
        PolicyInput[] resource = [new("key-policy", PolicyDocument.Parse(keyPolicy, PolicyParseOptions.ResourceBased))];

        // Act
        var decision = PolicyEvaluator.Evaluate(request, identity, resource, mode).Decision;

        // Assert
        Assert.Equal(expected, decision);
    }

    [Fact]
    public void Evaluate_ResourcePolicyDenies_DecidingStatementIsFromResourcePolicy()
    {
        // Arrange
        var request = User().Build("kms:Decrypt", KeyArn);
        var keyPolicy = PolicyDocument.Parse(Key("Deny", "\"*\""), PolicyParseOptions.ResourceBased);

        // Act
        var result = PolicyEvaluator.Evaluate(request, [new("inline", IamAllowsDecrypt)], [new("key-policy", keyPolicy)]);

        // Assert
        Assert.Equal((PolicyDecision.ExplicitDeny, PolicySource.Resource), (result.Decision, result.DecidingStatement!.Source));
    }

    [Fact]
    public void Evaluate_CodeCommitManagedKeyPolicy_AllowsAccountPrincipalsViaCodeCommitOnly()
    {
        // Arrange: the aws/codecommit key policy (notes 7.3) and a user with no KMS permission.
        var keyPolicy = PolicyDocument.Parse("""
            {"Version": "2012-10-17", "Id": "auto-codecommit-2", "Statement": [
              {"Sid": "Allow access through CodeCommit for all principals in the account that are authorized to use CodeCommit",
               "Effect": "Allow", "Principal": {"AWS": "*"},
               "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
               "Resource": "*",
               "Condition": {"StringEquals": {"kms:ViaService": "codecommit.us-east-1.amazonaws.com", "kms:CallerAccount": "111111111111"}}},
              {"Sid": "Allow direct access to key metadata to the account",
               "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
               "Action": ["kms:Describe*", "kms:Get*", "kms:List*"], "Resource": "*"}]}
            """, PolicyParseOptions.ResourceBased);
        var viaCodeCommit = User().WithKey("kms:ViaService", "codecommit.us-east-1.amazonaws.com").WithKey("kms:CallerAccount", AccountId);
        PolicyInput[] keyPolicies = [new("aws/codecommit", keyPolicy)];

        // Act
        var throughCodeCommit = PolicyEvaluator.Evaluate(viaCodeCommit.Build("kms:Decrypt", KeyArn), [], keyPolicies, EvaluationMode.KeyPolicy);
        var direct = PolicyEvaluator.Evaluate(User().Build("kms:Decrypt", KeyArn), [], keyPolicies, EvaluationMode.KeyPolicy);
        var explicitIamDeny = PolicyEvaluator.Evaluate(
            viaCodeCommit.Build("kms:Decrypt", KeyArn), [new("deny-kms", Doc(Deny("kms:*")))], keyPolicies, EvaluationMode.KeyPolicy);

        // Assert
        Assert.Equal(
            (PolicyDecision.Allow, PolicyDecision.ImplicitDeny, PolicyDecision.ExplicitDeny),
            (throughCodeCommit.Decision, direct.Decision, explicitIamDeny.Decision));
    }

    private static string Key(string effect, string principal) =>
        $$"""{"Version": "2012-10-17", "Statement": [{"Effect": "{{effect}}", "Principal": {{principal}}, "Action": "kms:*", "Resource": "*"}]}""";

    private static string KeyNot(string effect, string notPrincipal) =>
        $$"""{"Version": "2012-10-17", "Statement": [{"Effect": "{{effect}}", "NotPrincipal": {{notPrincipal}}, "Action": "kms:*", "Resource": "*"}]}""";
}
