using Gitstead.Policy;
using Xunit;
using static Gitstead.UnitTests.Policy.PolicyTestKit;

namespace Gitstead.UnitTests.Policy;

public sealed class ManagedPolicyTests
{
    private const string PowerUser = "AWSCodeCommitPowerUser";
    private const string ReadOnly = "AWSCodeCommitReadOnly";
    private const string FullAccess = "AWSCodeCommitFullAccess";
    private const string SelfManageCredentials = "IAMSelfManageServiceSpecificCredentials";

    [Fact]
    public void All_ShippedPolicies_AreLoadedAndParsed()
    {
        // Act
        var names = AwsManagedPolicies.All.Select(policy => policy.Name).Order(StringComparer.Ordinal);

        // Assert
        Assert.Equal(
            ["AWSCodeCommitFullAccess", "AWSCodeCommitPowerUser", "AWSCodeCommitReadOnly", "AdministratorAccess", "IAMFullAccess",
             "IAMReadOnlyAccess", "IAMSelfManageServiceSpecificCredentials", "IAMUserChangePassword", "IAMUserSSHKeys"],
            names);
        Assert.All(AwsManagedPolicies.All, policy => Assert.Equal(PolicyDocument.Version2012, policy.Document.Version));
    }

    [Fact]
    public void FindByArn_PowerUser_ReturnsIndexMetadata()
    {
        // Act
        var policy = AwsManagedPolicies.FindByArn("arn:aws:iam::aws:policy/AWSCodeCommitPowerUser");

        // Assert
        Assert.NotNull(policy);
        Assert.Equal((PowerUser, "/", "v18"), (policy.Name, policy.Path, policy.DefaultVersionId));
        Assert.Equal(new DateTimeOffset(2015, 7, 9, 17, 6, 49, TimeSpan.Zero), policy.CreateDate);
        Assert.Equal(new DateTimeOffset(2026, 2, 12, 17, 57, 24, TimeSpan.Zero), policy.UpdateDate);
        Assert.Equal(16, policy.Document.Statements.Count);
    }

    [Theory]
    [InlineData("AWSCodeCommitReadOnly", "arn:aws:iam::aws:policy/AWSCodeCommitReadOnly")]
    [InlineData("IAMUserSSHKeys", "arn:aws:iam::aws:policy/IAMUserSSHKeys")]
    public void FindByName_KnownName_ReturnsPolicyWithArn(string name, string arn)
    {
        // Act
        var policy = AwsManagedPolicies.FindByName(name);

        // Assert
        Assert.Equal(arn, policy?.Arn);
        Assert.Same(policy, AwsManagedPolicies.FindByArn(arn));
    }

    [Theory]
    [InlineData("AWSCodeCommitpoweruser")]
    [InlineData("arn:aws:iam::aws:policy/AWSCodeCommitPowerUser")]
    public void FindByName_UnknownName_ReturnsNull(string name)
    {
        // Act
        var policy = AwsManagedPolicies.FindByName(name);

        // Assert
        Assert.Null(policy);
    }

    [Fact]
    public void GetByArn_UnknownArn_Throws()
    {
        // Act
        var exception = Record.Exception(() => AwsManagedPolicies.GetByArn("arn:aws:iam::aws:policy/Nope"));

        // Assert
        Assert.IsType<KeyNotFoundException>(exception);
    }

    [Fact]
    public void DocumentText_EachPolicy_IsTheShippedFileVerbatim()
    {
        // Arrange
        var directory = FindManagedPoliciesDirectory();

        // Assert
        Assert.All(AwsManagedPolicies.All, policy =>
            Assert.Equal(File.ReadAllText(Path.Combine(directory, policy.Name + ".json")), policy.DocumentText));
    }

    [Theory]
    [InlineData(PowerUser, "codecommit:GitPush", PolicyDecision.Allow)]
    [InlineData(PowerUser, "codecommit:GitPull", PolicyDecision.Allow)]
    [InlineData(PowerUser, "codecommit:CreateBranch", PolicyDecision.Allow)]
    [InlineData(PowerUser, "codecommit:DeleteBranch", PolicyDecision.Allow)]
    [InlineData(PowerUser, "codecommit:DeleteRepository", PolicyDecision.ImplicitDeny)]
    [InlineData(PowerUser, "codecommit:DeleteCommentContent", PolicyDecision.ImplicitDeny)]
    [InlineData(ReadOnly, "codecommit:GitPull", PolicyDecision.Allow)]
    [InlineData(ReadOnly, "codecommit:GetRepository", PolicyDecision.Allow)]
    [InlineData(ReadOnly, "codecommit:BatchGetRepositories", PolicyDecision.Allow)]
    [InlineData(ReadOnly, "codecommit:GitPush", PolicyDecision.ImplicitDeny)]
    [InlineData(ReadOnly, "codecommit:CreateBranch", PolicyDecision.ImplicitDeny)]
    [InlineData(FullAccess, "codecommit:DeleteRepository", PolicyDecision.Allow)]
    [InlineData(FullAccess, "iam:CreateUser", PolicyDecision.ImplicitDeny)]
    [InlineData("AdministratorAccess", "iam:CreateUser", PolicyDecision.Allow)]
    [InlineData("IAMReadOnlyAccess", "iam:GetUser", PolicyDecision.Allow)]
    [InlineData("IAMReadOnlyAccess", "iam:CreateUser", PolicyDecision.ImplicitDeny)]
    public void Evaluate_ManagedPolicyOnRepository_GrantsItsDocumentedActions(string policyName, string action, PolicyDecision expected)
    {
        // Arrange
        var policy = AwsManagedPolicies.FindByName(policyName)!;
        var request = User().Build(action, RepoArn);

        // Act
        var decision = PolicyEvaluator.Evaluate(request, [policy.ToPolicyInput()]).Decision;

        // Assert
        Assert.Equal(expected, decision);
    }

    [Theory]
    [InlineData(SelfManageCredentials, "bob", "/", "arn:aws:iam::111111111111:user/bob", PolicyDecision.Allow)]
    [InlineData(SelfManageCredentials, "bob", "/", "arn:aws:iam::111111111111:user/alice", PolicyDecision.ImplicitDeny)]
    [InlineData(SelfManageCredentials, "bob", "/division/", "arn:aws:iam::111111111111:user/division/bob", PolicyDecision.ImplicitDeny)]
    [InlineData(PowerUser, "bob", "/", "arn:aws:iam::111111111111:user/bob", PolicyDecision.Allow)]
    [InlineData(PowerUser, "bob", "/", "arn:aws:iam::111111111111:user/alice", PolicyDecision.ImplicitDeny)]
    [InlineData(ReadOnly, "bob", "/", "arn:aws:iam::111111111111:user/bob", PolicyDecision.ImplicitDeny)]
    public void Evaluate_CreateServiceSpecificCredential_AllowedOnlyOnCallersOwnUser(
        string policyName, string caller, string path, string targetUser, PolicyDecision expected)
    {
        // Arrange
        var policy = AwsManagedPolicies.FindByName(policyName)!;
        var request = User(caller, path).Build("iam:CreateServiceSpecificCredential", targetUser);

        // Act
        var decision = PolicyEvaluator.Evaluate(request, [policy.ToPolicyInput()]).Decision;

        // Assert
        Assert.Equal(expected, decision);
    }

    [Fact]
    public void Evaluate_SelfManageCredentialsForRoleSession_ImplicitDeny()
    {
        // Arrange
        var policy = AwsManagedPolicies.FindByName(SelfManageCredentials)!;
        var request = new RequestContextBuilder().ForAssumedRole(AccountId, "bob", "AROAEXAMPLE", "bob")
            .Build("iam:CreateServiceSpecificCredential", "arn:aws:iam::111111111111:user/bob");

        // Act
        var decision = PolicyEvaluator.Evaluate(request, [policy.ToPolicyInput()]).Decision;

        // Assert
        Assert.Equal(PolicyDecision.ImplicitDeny, decision);
    }

    [Theory]
    [InlineData("/", "arn:aws:iam::111111111111:user/bob", PolicyDecision.Allow)]
    [InlineData("/division/", "arn:aws:iam::111111111111:user/division/bob", PolicyDecision.Allow)]
    [InlineData("/", "arn:aws:iam::111111111111:user/alice", PolicyDecision.ImplicitDeny)]
    public void Evaluate_ChangePasswordWithUserPath_AllowedBySecondResource(string path, string targetUser, PolicyDecision expected)
    {
        // Arrange
        var policy = AwsManagedPolicies.FindByName("IAMUserChangePassword")!;
        var request = User("bob", path).Build("iam:ChangePassword", targetUser);

        // Act
        var decision = PolicyEvaluator.Evaluate(request, [policy.ToPolicyInput()]).Decision;

        // Assert
        Assert.Equal(expected, decision);
    }

    [Fact]
    public void Evaluate_PowerUserWithInlineDeny_ExplicitDenyNamesInlinePolicy()
    {
        // Arrange
        var powerUser = AwsManagedPolicies.FindByName(PowerUser)!;
        var noPush = Doc(Deny("codecommit:GitPush", RepoArn, sid: "NoPush"));

        // Act
        var result = PolicyEvaluator.Evaluate(User().Build("codecommit:GitPush", RepoArn), [powerUser.ToPolicyInput(), new("inline:no-push", noPush)]);

        // Assert
        Assert.Equal((PolicyDecision.ExplicitDeny, "inline:no-push"), (result.Decision, result.DecidingStatement!.PolicyId));
    }

    private static string FindManagedPoliciesDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "src", "Gitstead.Policy", "ManagedPolicies");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("src/Gitstead.Policy/ManagedPolicies not found above the test output directory.");
    }
}
