using Gitstead.Policy;
using Gitstead.UnitTests.Policy;
using Xunit;

namespace Gitstead.UnitTests.Fuzz;

/// <summary>
/// IAM policy documents from the network (PutUserPolicy, CreatePolicy, key policies, simulations):
/// a mutated document parses or fails with <see cref="MalformedPolicyDocumentException"/>
/// (MalformedPolicyDocument, a 400), and what parses can be evaluated without an exception.
/// </summary>
public sealed class PolicyDocumentFuzzTests
{
    private static readonly string[] Seeds =
    [
        """{"Version": "2012-10-17", "Id": "p1", "Statement": [{"Sid": "A1", "Effect": "Allow", "Action": ["codecommit:Git*", "kms:Decrypt"], "Resource": "arn:aws:codecommit:us-east-1:111111111111:${aws:username}"}]}""",
        """{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "NotAction": "iam:*", "NotResource": ["arn:aws:iam::111111111111:user/a*"], "Condition": {"StringLike": {"aws:username": ["a?", "${aws:userid}"]}, "NumericLessThan": {"test:key": "10"}, "DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}, "Bool": {"aws:MultiFactorAuthPresent": "true"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}}""",
        """{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111111111111:root", "111111111111"]}, "Action": "kms:*", "Resource": "*"}]}""",
        """{"Statement": [{"Effect": "Allow", "Action": "codecommit:GitPush", "Resource": "*", "Condition": {"ForAllValues:StringNotEquals": {"codecommit:References": ["refs/heads/main"]}, "Null": {"codecommit:References": "false"}, "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:user/*"}}}]}""",
    ];

    [Theory]
    [InlineData(PolicyKind.Identity)]
    [InlineData(PolicyKind.Resource)]
    public void Parse_MutatedDocuments_ParseOrAreMalformed(PolicyKind kind)
    {
        var options = kind == PolicyKind.Resource ? PolicyParseOptions.ResourceBased : PolicyParseOptions.InlineIdentity;

        Fuzzing.Check(Fuzzing.Mutated(Seeds), 800, json =>
        {
            PolicyDocument? document = null;
            FuzzAssert.SucceedsOrThrows<MalformedPolicyDocumentException>(() => document = PolicyDocument.Parse(json, options));
            if (document is not null)
            {
                var request = PolicyTestKit.User("alice").WithSourceIp("10.1.2.3").WithRequestTime(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero))
                    .Build("codecommit:GitPush", PolicyTestKit.RepoArn)
                    .WithKey("codecommit:References", ["refs/heads/main"])
                    .WithKey(PolicyTestKit.TestKey, ["5"]);
                PolicyEvaluator.Evaluate(request, PolicyTestKit.Inputs(document));
            }
        });
    }
}
