using Gitstead.IntegrationTests.Iam;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Policies;

/// <summary>
/// What an IAM user may do is exactly what its policies allow, evaluated on every call: the
/// managed policies of CodeCommit's setup guide, groups, explicit denies, policy versions,
/// and the simulator agreeing with the API.
/// </summary>
public abstract class PolicyEnforcementTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    private const string PowerUser = "arn:aws:iam::aws:policy/AWSCodeCommitPowerUser";
    private const string SelfManageGitCredentials = "arn:aws:iam::aws:policy/IAMSelfManageServiceSpecificCredentials";
    private const string IamReadOnly = "arn:aws:iam::aws:policy/IAMReadOnlyAccess";

    [Fact]
    public async Task UserWithoutPolicies_IsDeniedWithAwsMessage()
    {
        var (name, keys) = await NewUserAsync("nobody");

        var error = (await server.Boto3Async(keys, "iam", "ListUsers")).Failed();

        Assert.Equal("AccessDenied", error.Code);
        Assert.Equal(403, error.Status);
        Assert.Equal(
            $"User: arn:aws:iam::{server.AccountId}:user/{name} is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::{server.AccountId}:user/ because no identity-based policy allows the iam:ListUsers action",
            error.Message);
    }

    [Fact]
    public async Task SetupGuidePolicies_UserManagesOwnGitCredentials_AndIsDeniedAnotherUsers()
    {
        var (alice, keys) = await NewUserAsync("alice");
        var bob = GitsteadServer.UniqueName("bob");
        await server.CreateUserAsync(bob);
        await AttachAsync(alice, PowerUser);
        await AttachAsync(alice, SelfManageGitCredentials);

        var own = (await server.RunAwsAsync(keys, "iam", "create-service-specific-credential",
            "--user-name", alice, "--service-name", "codecommit.amazonaws.com")).Ok()["ServiceSpecificCredential"]!;
        var listed = (await server.Boto3Async(keys, "iam", "ListServiceSpecificCredentials", new { UserName = alice })).Ok();
        var reset = (await server.Boto3Async(keys, "iam", "ResetServiceSpecificCredential",
            new { UserName = alice, ServiceSpecificCredentialId = (string)own["ServiceSpecificCredentialId"] })).Ok();
        var denied = (await server.Boto3Async(keys, "iam", "CreateServiceSpecificCredential",
            new { UserName = bob, ServiceName = "codecommit.amazonaws.com" })).Failed();
        var cli = await server.RunAwsAsync(keys, "iam", "list-service-specific-credentials", "--user-name", bob);

        Assert.Equal($"{alice}-at-{server.AccountId}", (string)own["ServiceUserName"]);
        Assert.Single(listed["ServiceSpecificCredentials"]!.AsArray());
        Assert.NotEqual((string)own["ServicePassword"], (string)reset["ServiceSpecificCredential"]!["ServicePassword"]);
        Assert.Equal("AccessDenied", denied.Code);
        Assert.Contains($"iam:CreateServiceSpecificCredential on resource: arn:aws:iam::{server.AccountId}:user/{bob}", denied.Message);
        Assert.NotEqual(0, cli.ExitCode);
        Assert.Contains("(AccessDenied)", cli.Stderr);
    }

    [Fact]
    public async Task IamReadOnlyAccess_ListsButCannotChange()
    {
        var (name, keys) = await NewUserAsync("reader");
        await AttachAsync(name, IamReadOnly);

        var users = (await server.Boto3Async(keys, "iam", "ListUsers")).Ok();
        var self = (await server.Boto3Async(keys, "iam", "GetUser")).Ok();
        var create = (await server.Boto3Async(keys, "iam", "CreateUser", new { UserName = GitsteadServer.UniqueName("x") })).Failed();

        Assert.Contains(users["Users"]!.AsArray(), u => (string)u!["UserName"] == name);
        Assert.Equal(name, (string)self["User"]!["UserName"]);
        Assert.Equal("AccessDenied", create.Code);
    }

    [Fact]
    public async Task GroupPolicies_AreInheritedByMembers_AndLostWhenRemoved()
    {
        var (name, keys) = await NewUserAsync("member");
        var group = GitsteadServer.UniqueName("readers");
        await server.CreateGroupAsync(group);
        (await server.Boto3Async(server.Root, "iam", "AttachGroupPolicy", new { GroupName = group, PolicyArn = IamReadOnly })).Ok();

        var before = await server.Boto3Async(keys, "iam", "ListGroups");
        await server.AddUserToGroupAsync(group, name);
        var member = await server.Boto3Async(keys, "iam", "ListGroups");
        (await server.Boto3Async(server.Root, "iam", "RemoveUserFromGroup", new { GroupName = group, UserName = name })).Ok();
        var after = await server.Boto3Async(keys, "iam", "ListGroups");

        Assert.Equal("AccessDenied", before.Failed().Code);
        Assert.Contains(member.Ok()["Groups"]!.AsArray(), g => (string)g!["GroupName"] == group);
        Assert.Equal("AccessDenied", after.Failed().Code);
    }

    [Fact]
    public async Task InlineExplicitDeny_BeatsManagedAllow()
    {
        var (name, keys) = await NewUserAsync("denied");
        await AttachAsync(name, IamReadOnly);
        var deny = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:ListUsers","Resource":"*"}]}""";
        (await server.Boto3Async(server.Root, "iam", "PutUserPolicy", new { UserName = name, PolicyName = "NoListing", PolicyDocument = deny })).Ok();

        var listUsers = (await server.Boto3Async(keys, "iam", "ListUsers")).Failed();
        var listGroups = await server.Boto3Async(keys, "iam", "ListGroups");

        Assert.Equal("AccessDenied", listUsers.Code);
        Assert.EndsWith("with an explicit deny in an identity-based policy", listUsers.Message);
        Assert.True(listGroups.Succeeded, listGroups.Raw);
    }

    [Fact]
    public async Task CustomerPolicyVersions_TheDefaultVersionDecides()
    {
        var (name, keys) = await NewUserAsync("versioned");
        var arn = await server.CreatePolicyAsync(GitsteadServer.UniqueName("Listing"), Allow("iam:ListUsers"));
        await AttachAsync(name, arn);

        var v1 = await server.Boto3Async(keys, "iam", "ListUsers");
        (await server.Boto3Async(server.Root, "iam", "CreatePolicyVersion",
            new { PolicyArn = arn, PolicyDocument = Allow("iam:ListGroups"), SetAsDefault = true })).Ok();
        var v2Users = await server.Boto3Async(keys, "iam", "ListUsers");
        var v2Groups = await server.Boto3Async(keys, "iam", "ListGroups");
        (await server.Boto3Async(server.Root, "iam", "SetDefaultPolicyVersion", new { PolicyArn = arn, VersionId = "v1" })).Ok();
        var back = await server.Boto3Async(keys, "iam", "ListUsers");

        Assert.True(v1.Succeeded, v1.Raw);
        Assert.Equal("AccessDenied", v2Users.Failed().Code);
        Assert.True(v2Groups.Succeeded, v2Groups.Raw);
        Assert.True(back.Succeeded, back.Raw);
    }

    [Fact]
    public async Task SimulatePrincipalPolicy_AgreesWithWhatTheApiAllows()
    {
        var (alice, keys) = await NewUserAsync("sim");
        var bob = GitsteadServer.UniqueName("other");
        await server.CreateUserAsync(bob);
        await AttachAsync(alice, SelfManageGitCredentials);
        var aliceArn = $"arn:aws:iam::{server.AccountId}:user/{alice}";
        var bobArn = $"arn:aws:iam::{server.AccountId}:user/{bob}";

        var simulated = (await server.Boto3Async(server.Root, "iam", "SimulatePrincipalPolicy", new
        {
            PolicySourceArn = aliceArn,
            ActionNames = new[] { "iam:ListServiceSpecificCredentials", "iam:CreateUser" },
            ResourceArns = new[] { aliceArn, bobArn },
        })).Ok()["EvaluationResults"]!.AsArray();
        var actual = new Dictionary<(string, string), bool>
        {
            [("iam:ListServiceSpecificCredentials", aliceArn)] = (await server.Boto3Async(keys, "iam", "ListServiceSpecificCredentials", new { UserName = alice })).Succeeded,
            [("iam:ListServiceSpecificCredentials", bobArn)] = (await server.Boto3Async(keys, "iam", "ListServiceSpecificCredentials", new { UserName = bob })).Succeeded,
            [("iam:CreateUser", aliceArn)] = false,
            [("iam:CreateUser", bobArn)] = false,
        };

        Assert.Equal(4, simulated.Count);
        foreach (var result in simulated)
        {
            var key = ((string)result!["EvalActionName"], (string)result["EvalResourceName"]);
            Assert.Equal(actual[key] ? "allowed" : "implicitDeny", (string)result["EvalDecision"]);
        }

        Assert.True(actual[("iam:ListServiceSpecificCredentials", aliceArn)]);
        Assert.False(actual[("iam:ListServiceSpecificCredentials", bobArn)]);
        var allowed = simulated.Single(r => (string)r!["EvalDecision"] == "allowed")!;
        Assert.Equal("aws-managed", (string)allowed["MatchedStatements"]![0]!["SourcePolicyType"]);
    }

    [Fact]
    public async Task SimulatePrincipalPolicy_ForAGroup_UsesItsAttachedAndInlinePolicies()
    {
        var group = GitsteadServer.UniqueName("simgroup");
        await server.CreateGroupAsync(group);
        (await server.Boto3Async(server.Root, "iam", "AttachGroupPolicy", new { GroupName = group, PolicyArn = IamReadOnly })).Ok();
        var deny = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:ListUsers","Resource":"*"}]}""";
        (await server.Boto3Async(server.Root, "iam", "PutGroupPolicy", new { GroupName = group, PolicyName = "NoListing", PolicyDocument = deny })).Ok();

        var results = (await server.Boto3Async(server.Root, "iam", "SimulatePrincipalPolicy", new
        {
            PolicySourceArn = $"arn:aws:iam::{server.AccountId}:group/{group}",
            ActionNames = new[] { "iam:ListUsers", "iam:GetGroup", "iam:CreateUser" },
        })).Ok()["EvaluationResults"]!.AsArray();

        string Decision(string action) => (string)results.Single(r => (string)r!["EvalActionName"] == action)!["EvalDecision"];
        Assert.Equal("explicitDeny", Decision("iam:ListUsers"));
        Assert.Equal("allowed", Decision("iam:GetGroup"));
        Assert.Equal("implicitDeny", Decision("iam:CreateUser"));
    }

    [Fact]
    public async Task SimulateCustomPolicy_ReportsExplicitDenyAndTheMatchedStatement()
    {
        var allow = Allow("iam:*");
        var deny = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:DeleteUser","Resource":"*"}]}""";

        var results = (await server.RunAwsAsync(server.Root, "iam", "simulate-custom-policy",
            "--policy-input-list", allow, deny, "--action-names", "iam:DeleteUser", "iam:GetUser")).Ok()["EvaluationResults"]!.AsArray();

        Assert.Equal("explicitDeny", (string)results.Single(r => (string)r!["EvalActionName"] == "iam:DeleteUser")!["EvalDecision"]);
        Assert.Equal("allowed", (string)results.Single(r => (string)r!["EvalActionName"] == "iam:GetUser")!["EvalDecision"]);
        Assert.Contains(results.Single(r => (string)r!["EvalActionName"] == "iam:DeleteUser")!["MatchedStatements"]!.AsArray(),
            s => (string)s!["SourcePolicyId"] == "PolicyInputList.2");
    }

    private static string Allow(string action) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"{{action}}","Resource":"*"}]}""";

    private async Task<(string Name, Credentials Keys)> NewUserAsync(string prefix)
    {
        var name = GitsteadServer.UniqueName(prefix);
        await server.CreateUserAsync(name);
        return (name, await server.CreateAccessKeyAsync(name));
    }

    private async Task AttachAsync(string userName, string policyArn) =>
        (await server.Boto3Async(server.Root, "iam", "AttachUserPolicy", new { UserName = userName, PolicyArn = policyArn })).Ok();
}

public sealed class PolicyEnforcementOnSqlite(SqliteServer server) : PolicyEnforcementTests<SqliteServer>(server);

public sealed class PolicyEnforcementOnPostgres(PostgresServer server) : PolicyEnforcementTests<PostgresServer>(server);
