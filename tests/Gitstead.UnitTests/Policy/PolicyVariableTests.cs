using Gitstead.Policy;
using Xunit;
using static Gitstead.UnitTests.Policy.PolicyTestKit;

namespace Gitstead.UnitTests.Policy;

public sealed class PolicyVariableTests
{
    private const string UserArnPrefix = "arn:aws:iam::111111111111:user/";

    public static TheoryData<string, string, string, bool> ResourceVariableCases => new()
    {
        // pattern, caller, requested user, allowed?
        { "arn:aws:iam::*:user/${aws:username}", "bob", "bob", true },
        { "arn:aws:iam::*:user/${aws:username}", "bob", "alice", false },
        { "arn:aws:iam::*:user/${AWS:UserName}", "bob", "bob", true },
        { "arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}", "bob", "bob", true },
        { "arn:aws:iam::*:user/${aws:username}", "b*", "bob", false },
        { "arn:aws:iam::*:user/${aws:username}", "b*", "b*", true },
        { "arn:aws:iam::*:user/${aws:userid}", "bob", "AIDABOB", true },
        { "arn:aws:iam::*:user/team-${aws:PrincipalTag/team}-*", "bob", "team-blue-bob", true },
        { "arn:aws:iam::*:user/team-${aws:PrincipalTag/team}-*", "bob", "team-red-bob", false },
        { "arn:aws:iam::*:user/${aws:username", "bob", "${aws:username", false },
        { "arn:aws:iam::*:user/${aws:username", "bob", "bob", false },
        { "arn:aws:iam::*:user/$aws:username}", "bob", "$aws:username}", true },
    };

    [Theory]
    [MemberData(nameof(ResourceVariableCases))]
    public void Evaluate_VariableInResource_SubstitutesCallerValues(string pattern, string caller, string requestedUser, bool allowed)
    {
        // Arrange
        var policy = Doc(Allow("iam:CreateServiceSpecificCredential", pattern));
        var request = User(caller).WithPrincipalTags([new("team", "blue")]).Build("iam:CreateServiceSpecificCredential", UserArnPrefix + requestedUser);

        // Act
        var decision = Decide(request, policy);

        // Assert
        Assert.Equal(allowed ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny, decision);
    }

    [Theory]
    [InlineData("root")]
    [InlineData("role")]
    public void Evaluate_UsernameVariableForPrincipalWithoutUsername_MatchesNothing(string principal)
    {
        // Arrange
        var builder = principal == "root"
            ? new RequestContextBuilder().ForRoot(AccountId)
            : new RequestContextBuilder().ForAssumedRole(AccountId, "deploy", "AROAEXAMPLE", "session");
        var policy = Doc(Allow("iam:ListAccessKeys", "arn:aws:iam::*:user/${aws:username}"));

        // Act
        var literal = Decide(builder.Build("iam:ListAccessKeys", UserArnPrefix + "${aws:username}"), policy);
        var emptyName = Decide(builder.Build("iam:ListAccessKeys", UserArnPrefix), policy);

        // Assert
        Assert.Equal((PolicyDecision.ImplicitDeny, PolicyDecision.ImplicitDeny), (literal, emptyName));
    }

    [Fact]
    public void Evaluate_AllowNotResourceWithUnresolvableVariable_DoesNotBecomeMatchAll()
    {
        // Arrange
        var policy = Doc("""{"Effect": "Allow", "Action": "iam:*", "NotResource": "arn:aws:iam::*:user/${aws:username}"}""");
        var request = new RequestContextBuilder().ForRoot(AccountId).Build("iam:DeleteUser", UserArnPrefix + "alice");

        // Act
        var decision = Decide(request, policy);

        // Assert
        Assert.Equal(PolicyDecision.ImplicitDeny, decision);
    }

    [Theory]
    [InlineData("${aws:username, 'anonymous'}", "anonymous", true)]
    [InlineData("${aws:username,'anonymous'}", "anonymous", true)]
    [InlineData("${aws:username, 'o''brien'}", "o'brien", true)]
    [InlineData("${aws:username, '${aws:userid}'}", "${aws:userid}", true)]
    [InlineData("${aws:username, 'anonymous'}", "bob", false)]
    [InlineData("${aws:username, anonymous}", "anonymous", false)]
    public void Evaluate_VariableWithDefault_UsesDefaultWhenKeyMissing(string variable, string requestedUser, bool allowed)
    {
        // Arrange
        var policy = Doc(Allow("iam:GetUser", "arn:aws:iam::*:user/" + variable));
        var request = new RequestContextBuilder().ForRoot(AccountId).Build("iam:GetUser", UserArnPrefix + requestedUser);

        // Act
        var decision = Decide(request, policy);

        // Assert
        Assert.Equal(allowed ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny, decision);
    }

    [Theory]
    [InlineData("arn:aws:s3:::bucket/${*}", "arn:aws:s3:::bucket/*", true)]
    [InlineData("arn:aws:s3:::bucket/${*}", "arn:aws:s3:::bucket/x", false)]
    [InlineData("arn:aws:s3:::bucket/${?}", "arn:aws:s3:::bucket/?", true)]
    [InlineData("arn:aws:s3:::bucket/${?}", "arn:aws:s3:::bucket/x", false)]
    [InlineData("arn:aws:s3:::bucket/a${$}b", "arn:aws:s3:::bucket/a$b", true)]
    [InlineData("arn:aws:s3:::bucket/${ * }", "arn:aws:s3:::bucket/*", true)]
    public void Evaluate_EscapeSequence_IsLiteralCharacter(string pattern, string resource, bool allowed)
    {
        // Arrange
        var policy = Doc(Allow("s3:GetObject", pattern));

        // Act
        var decision = Decide(Request("s3:GetObject", resource), policy);

        // Assert
        Assert.Equal(allowed ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny, decision);
    }

    [Theory]
    [InlineData("\"Version\": \"2008-10-17\", ", "bob", false)]
    [InlineData("\"Version\": \"2008-10-17\", ", "${aws:username}", true)]
    [InlineData("", "bob", false)]
    [InlineData("", "${aws:username}", true)]
    [InlineData("\"Version\": \"2012-10-17\", ", "bob", true)]
    public void Evaluate_VariableOutsideVersion2012_IsLiteralText(string versionElement, string requestedUser, bool allowed)
    {
        // Arrange
        var policy = PolicyDocument.Parse(
            """{VERSION"Statement": {"Effect": "Allow", "Action": "iam:GetUser", "Resource": "arn:aws:iam::*:user/${aws:username}"}}"""
                .Replace("VERSION", versionElement, StringComparison.Ordinal));
        var request = User("bob").Build("iam:GetUser", UserArnPrefix + requestedUser);

        // Act
        var decision = Decide(request, policy);

        // Assert
        Assert.Equal(allowed ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny, decision);
    }

    [Theory]
    [InlineData("bob", "refs/heads/bob/feature", true)]
    [InlineData("bob", "refs/heads/alice/feature", false)]
    [InlineData(null, "refs/heads/bob/feature", false)]
    public void Evaluate_VariableInConditionValue_SubstitutesCallerValues(string? userName, string reference, bool allowed)
    {
        // Arrange
        var policy = Doc(Allow("codecommit:GitPush", RepoArn, """{"StringLike": {"codecommit:References": "refs/heads/${aws:username}/*"}}"""));
        var builder = userName is null ? new RequestContextBuilder().ForRoot(AccountId) : User(userName);
        var request = builder.WithKey(CodeCommitConditionKeys.References, reference).Build("codecommit:GitPush", RepoArn);

        // Act
        var decision = Decide(request, policy);

        // Assert
        Assert.Equal(allowed ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny, decision);
    }

    [Theory]
    [InlineData("StringNotEquals", "alice", PolicyDecision.ExplicitDeny)]
    [InlineData("StringNotEquals", "bob", PolicyDecision.Allow)]
    [InlineData("ArnNotLike", "arn:aws:iam::111111111111:user/alice", PolicyDecision.ExplicitDeny)]
    public void Evaluate_NegatedOperatorWithResolvedVariable_ComparesSubstitutedValue(string op, string tagValue, PolicyDecision expected)
    {
        // Arrange
        var value = op == "StringNotEquals" ? "${aws:username}" : "arn:aws:iam::111111111111:user/${aws:username}";
        var deny = Doc(Deny("codecommit:*", "*", Condition(op, "test:owner", Json(value))));
        var request = User("bob").WithKey("test:owner", tagValue).Build("codecommit:GitPush", RepoArn);

        // Act
        var decision = Decide(request, Doc(Allow("codecommit:*")), deny);

        // Assert
        Assert.Equal(expected, decision);
    }

    [Fact]
    public void Evaluate_NegatedOperatorWithUnresolvableVariable_ConditionDoesNotHold()
    {
        // Arrange
        var deny = Doc(Deny("codecommit:*", "*", """{"StringNotEquals": {"test:owner": "${aws:username}"}}"""));
        var request = new RequestContextBuilder().ForRoot(AccountId).WithKey("test:owner", "alice").Build("codecommit:GitPush", RepoArn);

        // Act
        var result = Evaluate(request, Doc(Allow("codecommit:*")), deny);

        // Assert
        Assert.Equal(PolicyDecision.Allow, result.Decision);
        Assert.Single(result.MatchedStatements);
    }

    [Fact]
    public void Evaluate_VariableNamingMultivaluedKey_CannotBeResolved()
    {
        // Arrange
        var policy = Doc(Allow("codecommit:GitPull", "arn:aws:codecommit:us-east-1:111111111111:${test:names}"));
        var single = Request("codecommit:GitPull").WithKey("test:names", "MyDemoRepo");
        var multiple = Request("codecommit:GitPull").WithKey("test:names", "MyDemoRepo", "OtherRepo");

        // Act
        var decisions = (Decide(single, policy), Decide(multiple, policy));

        // Assert
        Assert.Equal((PolicyDecision.Allow, PolicyDecision.ImplicitDeny), decisions);
    }
}
