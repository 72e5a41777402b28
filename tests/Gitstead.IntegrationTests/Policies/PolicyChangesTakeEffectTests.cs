using Gitstead.IntegrationTests.Iam;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Policies;

/// <summary>
/// A permission taken away is gone with the very next request, however it was taken away,
/// even though each node keeps a user's parsed policies between requests: on one server, and
/// on a second node of the same installation that had just used the permission.
/// </summary>
public abstract class PolicyChangesTakeEffectTests
{
    private const string IamReadOnly = "arn:aws:iam::aws:policy/IAMReadOnlyAccess";

    public static TheoryData<string> Changes() =>
    [
        "DetachUserPolicy", "DeleteUserPolicy", "PutUserPolicy", "RemoveUserFromGroup", "DetachGroupPolicy",
        "DeleteGroupPolicy", "SetDefaultPolicyVersion", "DeletePolicy",
    ];

    /// <summary>
    /// Grants iam:ListUsers the way <paramref name="change"/> takes it away, lets
    /// <paramref name="user"/> call ListUsers twice (the second answer comes from what the
    /// node kept), takes the permission away through <paramref name="admin"/>, and returns the
    /// three answers.
    /// </summary>
    protected static async Task<(BotoResult First, BotoResult Second, BotoResult After)> GrantUseAndRevokeAsync(
        GitsteadServer admin, GitsteadServer user, string change)
    {
        var name = GitsteadServer.UniqueName("revoked");
        await admin.CreateUserAsync(name);
        var keys = await admin.CreateAccessKeyAsync(name);
        var group = GitsteadServer.UniqueName("group");
        var customer = "";
        switch (change)
        {
            case "DetachUserPolicy":
                await RootAsync(admin, "AttachUserPolicy", new { UserName = name, PolicyArn = IamReadOnly });
                break;
            case "DeleteUserPolicy" or "PutUserPolicy":
                await RootAsync(admin, "PutUserPolicy", new { UserName = name, PolicyName = "Listing", PolicyDocument = Document("Allow") });
                break;
            case "RemoveUserFromGroup" or "DetachGroupPolicy" or "DeleteGroupPolicy":
                await admin.CreateGroupAsync(group);
                await admin.AddUserToGroupAsync(group, name);
                await RootAsync(admin, "AttachGroupPolicy", new { GroupName = group, PolicyArn = IamReadOnly });
                await RootAsync(admin, "PutGroupPolicy", new { GroupName = group, PolicyName = "Listing", PolicyDocument = Document("Allow") });
                break;
            case "SetDefaultPolicyVersion" or "DeletePolicy":
                customer = await admin.CreatePolicyAsync(GitsteadServer.UniqueName("Listing"), Document("Allow"));
                await RootAsync(admin, "CreatePolicyVersion", new { PolicyArn = customer, PolicyDocument = Document("Deny") });
                await RootAsync(admin, "AttachUserPolicy", new { UserName = name, PolicyArn = customer });
                break;
        }

        var first = await user.Boto3Async(keys, "iam", "ListUsers");
        var second = await user.Boto3Async(keys, "iam", "ListUsers");
        switch (change)
        {
            case "DetachUserPolicy":
                await RootAsync(admin, "DetachUserPolicy", new { UserName = name, PolicyArn = IamReadOnly });
                break;
            case "DeleteUserPolicy":
                await RootAsync(admin, "DeleteUserPolicy", new { UserName = name, PolicyName = "Listing" });
                break;
            case "PutUserPolicy":
                await RootAsync(admin, "PutUserPolicy", new { UserName = name, PolicyName = "Listing", PolicyDocument = Document("Deny") });
                break;
            case "RemoveUserFromGroup":
                await RootAsync(admin, "RemoveUserFromGroup", new { GroupName = group, UserName = name });
                break;
            case "DetachGroupPolicy":
                await RootAsync(admin, "DetachGroupPolicy", new { GroupName = group, PolicyArn = IamReadOnly });
                await RootAsync(admin, "PutGroupPolicy", new { GroupName = group, PolicyName = "Listing", PolicyDocument = Document("Deny") });
                break;
            case "DeleteGroupPolicy":
                await RootAsync(admin, "DetachGroupPolicy", new { GroupName = group, PolicyArn = IamReadOnly });
                await user.Boto3Async(keys, "iam", "ListUsers");
                await RootAsync(admin, "DeleteGroupPolicy", new { GroupName = group, PolicyName = "Listing" });
                break;
            case "SetDefaultPolicyVersion":
                await RootAsync(admin, "SetDefaultPolicyVersion", new { PolicyArn = customer, VersionId = "v2" });
                break;
            case "DeletePolicy":
                await RootAsync(admin, "DetachUserPolicy", new { UserName = name, PolicyArn = customer });
                await RootAsync(admin, "DeletePolicyVersion", new { PolicyArn = customer, VersionId = "v2" });
                await RootAsync(admin, "DeletePolicy", new { PolicyArn = customer });
                break;
        }

        return (first, second, await user.Boto3Async(keys, "iam", "ListUsers"));
    }

    protected static void AssertRevoked((BotoResult First, BotoResult Second, BotoResult After) answers)
    {
        Assert.True(answers.First.Succeeded, answers.First.Raw);
        Assert.True(answers.Second.Succeeded, answers.Second.Raw);
        Assert.Equal("AccessDenied", answers.After.Failed().Code);
    }

    private static async Task RootAsync(GitsteadServer server, string operation, object parameters) =>
        (await server.Boto3Async(server.Root, "iam", operation, parameters)).Ok();

    private static string Document(string effect) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"{{effect}}","Action":"iam:ListUsers","Resource":"*"}]}""";
}

/// <summary>On one server.</summary>
public abstract class PolicyChangesTakeEffectOnOneServer<TServer>(TServer server) : PolicyChangesTakeEffectTests, IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Theory]
    [MemberData(nameof(Changes))]
    public async Task PermissionTakenAway_IsGoneWithTheNextRequest(string change) =>
        AssertRevoked(await GrantUseAndRevokeAsync(server, server, change));
}

public sealed class PolicyChangesTakeEffectOnSqlite(SqliteServer server) : PolicyChangesTakeEffectOnOneServer<SqliteServer>(server);

public sealed class PolicyChangesTakeEffectOnPostgres(PostgresServer server) : PolicyChangesTakeEffectOnOneServer<PostgresServer>(server);

/// <summary>Taken away through one node, used through another that had just used it.</summary>
public sealed class PolicyChangesTakeEffectAcrossNodes(TwoPostgresNodes nodes) : PolicyChangesTakeEffectTests, IClassFixture<TwoPostgresNodes>
{
    [Theory]
    [MemberData(nameof(Changes))]
    public async Task PermissionTakenAwayOnOneNode_IsGoneOnTheOtherWithTheNextRequest(string change) =>
        AssertRevoked(await GrantUseAndRevokeAsync(nodes.First, nodes.Second, change));
}
