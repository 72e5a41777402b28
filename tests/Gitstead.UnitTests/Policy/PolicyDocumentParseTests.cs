using Gitstead.Policy;
using Xunit;

namespace Gitstead.UnitTests.Policy;

public sealed class PolicyDocumentParseTests
{
    private const string Ok = """{"Effect": "Allow", "Action": "codecommit:GitPull", "Resource": "*"}""";

    public static TheoryData<string, string> MalformedDocuments => new()
    {
        // JSON and document shape
        { "not json", "Syntax errors in policy." },
        { "[]", "Syntax errors in policy." },
        { """{"Version": "2012-10-17", "Statement": [], }""", "Syntax errors in policy." },
        { """{"Version": "2012-10-17", /* c */ "Statement": [OK]}""", "Syntax errors in policy." },
        { """{"Version": "2012-10-17"}""", "Syntax errors in policy." },
        { """{"Version": "2012-10-17", "Statement": []}""", "Syntax errors in policy." },
        { """{"Version": "2012-10-17", "Statement": "x"}""", "Syntax errors in policy." },
        { """{"Version": "2012-10-17", "Statement": ["x"]}""", "Syntax errors in policy." },
        { """{"Version": "2012-10-17", "Foo": 1, "Statement": [OK]}""", "Syntax errors in policy." },
        { """{"Version": "2012-10-18", "Statement": [OK]}""", "Syntax errors in policy." },
        { """{"Version": 2012, "Statement": [OK]}""", "Syntax errors in policy." },
        { """{"Version": "2012-10-17", "Id": 5, "Statement": [OK]}""", "Syntax errors in policy." },
        { """{"Version": "2012-10-17", "Version": "2012-10-17", "Statement": [OK]}""", "Syntax errors in policy." },

        // statement elements
        { Stmt("""{"Effect": "Allow", "Action": "a:b", "Resource": "*", "Foo": 1}"""), "Unknown field Foo" },
        { Stmt("""{"effect": "Allow", "Action": "a:b", "Resource": "*"}"""), "Unknown field effect" },
        { Stmt("""{"Action": "a:b", "Resource": "*"}"""), "Missing required field Effect" },
        { Stmt("""{"Effect": "Permit", "Action": "a:b", "Resource": "*"}"""), "Syntax errors in policy." },
        { Stmt("""{"Effect": true, "Action": "a:b", "Resource": "*"}"""), "Syntax errors in policy." },
        { Stmt("""{"Effect": "allow", "Action": "a:b", "Resource": "*"}"""), "The policy failed legacy parsing" },
        { Stmt("""{"Effect": "Allow", "Effect": "Deny", "Action": "a:b", "Resource": "*"}"""), "Syntax errors in policy." },
        { Stmt("""{"Effect": "Allow", "Action": "a:b", "NotAction": "a:c", "Resource": "*"}"""), "Syntax errors in policy." },
        { Stmt("""{"Effect": "Allow", "Action": "a:b", "Resource": "*", "NotResource": "*"}"""), "Syntax errors in policy." },
        { Stmt("""{"Effect": "Allow", "Action": 5, "Resource": "*"}"""), "Syntax errors in policy." },
        { Stmt("""{"Effect": "Allow", "Action": "a:b", "Resource": ["*", 1]}"""), "Syntax errors in policy." },
        { Stmt("""{"Sid": 1, "Effect": "Allow", "Action": "a:b", "Resource": "*"}"""), "Syntax errors in policy." },
        { Stmt("""{"Effect": "Allow", "Resource": "*"}"""), "Policy statement must contain actions." },
        { Stmt("""{"Effect": "Allow", "Action": [], "Resource": "*"}"""), "Policy statement must contain actions." },
        { Stmt("""{"Effect": "Allow", "Action": "a:b"}"""), "Policy statement must contain resources." },
        { Stmt("""{"Effect": "Allow", "Action": "a:b", "NotResource": []}"""), "Policy statement must contain resources." },
        { Stmt("""{"Effect": "Allow", "Principal": "*", "Action": "a:b", "Resource": "*"}"""), "Policy document should not specify a principal." },
        { Stmt("""{"Effect": "Allow", "NotPrincipal": {"AWS": "*"}, "Action": "a:b", "Resource": "*"}"""), "Policy document should not specify a principal." },
        { Stmt("""{"Sid": "A", "Effect": "Allow", "Action": "a:b", "Resource": "*"}, {"Sid": "A", "Effect": "Deny", "Action": "a:b", "Resource": "*"}"""), "Statement IDs (SID) in a single policy must be unique." },
        { Stmt("""{"Sid": "not ok", "Effect": "Allow", "Action": "a:b", "Resource": "*"}"""), "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*" },

        // actions
        { Stmt("""{"Effect": "Allow", "Action": "GetRepository", "Resource": "*"}"""), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc." },
        { Stmt("""{"Effect": "Allow", "Action": "codecommit:Get:Repository", "Resource": "*"}"""), "Actions/Condition can contain only one colon." },
        { Stmt("""{"Effect": "Allow", "Action": "code*:GetRepository", "Resource": "*"}"""), "Partial wildcards are not supported in the service part of action" },
        { Stmt("""{"Effect": "Allow", "Action": "code commit:GetRepository", "Resource": "*"}"""), "Vendor code commit is not valid" },

        // resources
        { Stmt("""{"Effect": "Allow", "Action": "a:b", "Resource": "MyDemoRepo"}"""), "Resource MyDemoRepo must be in ARN format or \"*\"." },
        { Stmt("""{"Effect": "Allow", "Action": "a:b", "Resource": "arn:moon:codecommit:us-east-1:111111111111:R"}"""), "Partition \"moon\" is not valid for resource \"arn:moon:codecommit:us-east-1:111111111111:R\"." },
        { Stmt("""{"Effect": "Allow", "Action": "a:b", "Resource": "arn:aws:code*:us-east-1:111111111111:R"}"""), "Resource vendor must be fully qualified and cannot contain regexes." },
        { Stmt("""{"Effect": "Allow", "Action": "a:b", "Resource": "arn:aws:iam:us-east-1:111111111111:user/bob"}"""), "IAM resource arn:aws:iam:us-east-1:111111111111:user/bob cannot contain region information." },
        { Stmt("""{"Effect": "Allow", "Action": "a:b", "Resource": "arn:aws:iam::111111111111:widget/bob"}"""), "IAM resource path must either be \"*\" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/." },
        { Stmt("""{"Effect": "Allow", "Action": "a:b", "Resource": "arn:aws:iam::user/bob"}"""), "The policy failed legacy parsing" },

        // conditions
        { Cond("""{"StringEqualz": {"aws:username": "bob"}}"""), "Syntax errors in policy." },
        { Cond("""{"NullIfExists": {"aws:username": "true"}}"""), "Syntax errors in policy." },
        { Cond("""{"ForAnyValue:Null": {"aws:username": "true"}}"""), "Syntax errors in policy." },
        { Cond("""{"ForSomeValues:StringEquals": {"aws:username": "bob"}}"""), "Syntax errors in policy." },
        { Cond("""{"StringEquals": {"aws:SourceIp": "a", "aws:sourceip": "b"}}"""), "Syntax errors in policy." },
        { Cond("""{"StringEquals": {"aws:username": "a"}, "StringEquals": {"aws:userid": "b"}}"""), "Syntax errors in policy." },
        { Cond("""{"StringEquals": "bob"}"""), "Syntax errors in policy." },
        { Cond("""{"StringEquals": {"aws:username": {"a": "b"}}}"""), "Syntax errors in policy." },
        { Cond("""{"StringEquals": {"aws:username": null}}"""), "Syntax errors in policy." },
        { Cond("""{"StringEquals": {"username": "bob"}}"""), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc." },
        { Cond("""{"DateLessThan": {"aws:CurrentTime": "next tuesday"}}"""), "The policy failed legacy parsing" },
        { Cond("""{"NumericLessThan": {"test:n": "ten"}}"""), "Syntax errors in policy." },
        { Cond("""{"Bool": {"aws:SecureTransport": "yes"}}"""), "Syntax errors in policy." },
        { Cond("""{"IpAddress": {"aws:SourceIp": "999.1.1.1/8"}}"""), "Syntax errors in policy." },
        { Cond("""{"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}"""), "Syntax errors in policy." },
        { Cond("""{"BinaryEquals": {"test:b": "%%%"}}"""), "Syntax errors in policy." },
        { Cond("""{"Null": {"aws:username": "maybe"}}"""), "Syntax errors in policy." },
    };

    [Theory]
    [MemberData(nameof(MalformedDocuments))]
    public void Parse_MalformedDocument_ThrowsWithAwsReason(string json, string expectedMessage)
    {
        // Arrange
        var document = json.Replace("[OK]", $"[{Ok}]", StringComparison.Ordinal);

        // Act
        var exception = Assert.Throws<MalformedPolicyDocumentException>(() => PolicyDocument.Parse(document));

        // Assert
        Assert.Equal(expectedMessage, exception.Message);
    }

    [Theory]
    [InlineData("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"a\uD800\", \"Effect\": \"Allow\", \"Action\": \"a:b\", \"Resource\": \"*\"}]}")]
    [InlineData("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"\\ud800\\u0041\", \"Effect\": \"Allow\", \"Action\": \"a:b\", \"Resource\": \"*\"}]}")]
    [InlineData("{\"\\ud800x\": 1, \"Statement\": []}")]
    [InlineData("{\"Statement\": [], \"Id\": \"\\udc00\"}")]
    public void Parse_LoneSurrogate_IsMalformedNotACrash(string json)
    {
        // Act + Assert: refused as a policy error (a 400), whatever the reason given.
        Assert.Throws<MalformedPolicyDocumentException>(() => PolicyDocument.Parse(json));
    }

    [Theory]
    [InlineData("""{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "codecommit:GitPull", "Resource": "*"}}""")]
    [InlineData("""{"Version": "2012-10-17", "Id": "x", "Statement": [{"Sid": "", "Effect": "Deny", "NotAction": ["iam:*"], "NotResource": ["arn:aws:iam::*:user/x"]}]}""")]
    [InlineData("""{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}""")]
    [InlineData("""{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}""")]
    [InlineData("""{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*:Get*", "Resource": "arn:aws:codecommit:*"}]}""")]
    [InlineData("""{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "a:b", "Resource": "*", "Condition": {"NumericLessThan": {"test:n": 10}, "Bool": {"aws:SecureTransport": true}, "StringEquals": {}}}]}""")]
    public void Parse_ValidDocument_Succeeds(string json)
    {
        // Act
        var document = PolicyDocument.Parse(json);

        // Assert
        Assert.NotEmpty(document.Statements);
    }

    [Theory]
    [InlineData("""{"Statement": [{"Effect": "Allow", "Action": "a:b", "Resource": "*"}]}""")]
    [InlineData("""{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "a:b", "Resource": "*"}]}""")]
    public void Parse_ManagedPolicyWithoutCurrentVersion_ThrowsVersionError(string json)
    {
        // Act
        var exception = Assert.Throws<MalformedPolicyDocumentException>(() => PolicyDocument.Parse(json, PolicyParseOptions.ManagedIdentity));

        // Assert
        Assert.Equal("Policy document must be version 2012-10-17 or greater.", exception.Message);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("2008-10-17", false)]
    [InlineData("2012-10-17", true)]
    public void Parse_Version_SetsVersionAndVariables(string? version, bool variablesEnabled)
    {
        // Arrange
        var versionPart = version is null ? string.Empty : $"\"Version\": \"{version}\", ";
        var json = $$"""{{{versionPart}}"Statement": [{{Ok}}]}""";

        // Act
        var document = PolicyDocument.Parse(json);

        // Assert
        Assert.Equal(version, document.Version);
        Assert.Equal(variablesEnabled, document.VariablesEnabled);
    }

    public static TheoryData<string, string> MalformedResourcePolicies => new()
    {
        { """{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}""", "Missing required field Principal" },
        { """{"Effect": "Allow", "Principal": "bob", "Action": "kms:*"}""", "Invalid principal in policy" },
        { """{"Effect": "Allow", "Principal": {"AWS": "bob"}, "Action": "kms:*"}""", "Invalid principal in policy" },
        { """{"Effect": "Allow", "Principal": {"Galaxy": "x"}, "Action": "kms:*"}""", "Invalid principal in policy" },
        { """{"Effect": "Allow", "Principal": {"AWS": []}, "Action": "kms:*"}""", "Invalid principal in policy" },
        { """{"Effect": "Allow", "Principal": "*", "NotPrincipal": {"AWS": "*"}, "Action": "kms:*"}""", "Syntax errors in policy." },
        { """{"Effect": "Allow", "Principal": "*"}""", "Policy statement must contain actions." },
    };

    [Theory]
    [MemberData(nameof(MalformedResourcePolicies))]
    public void Parse_MalformedResourcePolicy_ThrowsWithAwsReason(string statement, string expectedMessage)
    {
        // Arrange
        var json = $$"""{"Version": "2012-10-17", "Statement": [{{statement}}]}""";

        // Act
        var exception = Assert.Throws<MalformedPolicyDocumentException>(() => PolicyDocument.Parse(json, PolicyParseOptions.ResourceBased));

        // Assert
        Assert.Equal(expectedMessage, exception.Message);
    }

    [Fact]
    public void Parse_ResourcePolicyWithSpacedSidAndNoResource_Succeeds()
    {
        // Arrange
        const string json = """
            {"Version": "2012-10-17", "Id": "key-default-1", "Statement": [
              {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
               "Principal": {"AWS": ["arn:aws:iam::111111111111:root", "111111111111"], "Service": "codecommit.amazonaws.com"},
               "Action": "kms:*"}]}
            """;

        // Act
        var document = PolicyDocument.Parse(json, PolicyParseOptions.ResourceBased);

        // Assert
        Assert.Equal(PolicyKind.Resource, document.Kind);
        Assert.Equal("key-default-1", document.Id);
        Assert.Equal("Enable IAM User Permissions", document.Statements[0].Sid);
    }

    [Fact]
    public void Parse_Statements_RecordSidEffectIndexAndPosition()
    {
        // Arrange
        const string json = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Sid": "First", "Effect": "Allow", "Action": "a:b", "Resource": "*"},
                {"Effect": "Deny", "Action": "a:c", "Resource": "*"}
              ]
            }
            """;

        // Act
        var statements = PolicyDocument.Parse(json).Statements;

        // Assert
        Assert.Equal(("First", PolicyEffect.Allow, 0), (statements[0].Sid, statements[0].Effect, statements[0].Index));
        Assert.Equal((null, PolicyEffect.Deny, 1), (statements[1].Sid, statements[1].Effect, statements[1].Index));
        Assert.Equal(new PolicyTextPosition(4, 5), statements[0].StartPosition);
        Assert.Equal(new PolicyTextPosition(4, 74), statements[0].EndPosition);
        Assert.Equal(new PolicyTextPosition(5, 5), statements[1].StartPosition);
    }

    [Fact]
    public void TryParse_MalformedDocument_ReturnsFalseWithReason()
    {
        // Act
        var parsed = PolicyDocument.TryParse("""{"Statement": [{"Effect": "Allow", "Resource": "*"}]}""", null, out var document, out var error);

        // Assert
        Assert.False(parsed);
        Assert.Null(document);
        Assert.Equal("Policy statement must contain actions.", error);
    }

    [Fact]
    public void TryParse_ValidDocument_ReturnsDocument()
    {
        // Act
        var parsed = PolicyDocument.TryParse($$"""{"Statement": [{{Ok}}]}""", PolicyParseOptions.InlineIdentity, out var document, out var error);

        // Assert
        Assert.True(parsed);
        Assert.NotNull(document);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("{ \"a\" : 1 }", 7)]
    [InlineData(" \t\r\n{\n  \"Version\": \"2012-10-17\"\n}\n", 24)]
    public void CountNonWhitespace_Text_CountsOnlyVisibleCharacters(string text, int expected)
    {
        // Act
        var count = PolicyLimits.CountNonWhitespace(text);

        // Assert
        Assert.Equal(expected, count);
    }

    [Fact]
    public void PolicyLimits_Constants_MatchIamQuotas()
    {
        // Assert
        Assert.Equal(
            (6144, 2048, 5120, 10240),
            (PolicyLimits.ManagedPolicyMaxChars, PolicyLimits.UserInlinePoliciesMaxChars, PolicyLimits.GroupInlinePoliciesMaxChars, PolicyLimits.RoleInlinePoliciesMaxChars));
    }

    private static string Stmt(string statements) => $$"""{"Version": "2012-10-17", "Statement": [{{statements}}]}""";

    private static string Cond(string condition) =>
        Stmt($$"""{"Effect": "Allow", "Action": "a:b", "Resource": "*", "Condition": {{condition}}}""");
}
