using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Iam;

/// <summary>
/// The account root gives users and groups policies: managed ones attached (customer and AWS
/// managed) and inline ones embedded, with the aws CLI and boto3.
/// </summary>
public abstract class PrincipalPolicyTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    private const string ReadOnly = "arn:aws:iam::aws:policy/AWSCodeCommitReadOnly";

    [Fact]
    public async Task AttachUserPolicy_CustomerAndAwsManaged_AreListedAndFilteredByPath()
    {
        var user = GitsteadServer.UniqueName("dev");
        await server.CreateUserAsync(user);
        var name = GitsteadServer.UniqueName("TeamRepos");
        var arn = await server.CreatePolicyAsync(name, path: "/team/");

        (await server.RunAwsAsync(server.Root, "iam", "attach-user-policy", "--user-name", user, "--policy-arn", arn)).Ok();
        (await server.RunAwsAsync(server.Root, "iam", "attach-user-policy", "--user-name", user, "--policy-arn", ReadOnly)).Ok();
        var all = (await server.RunAwsAsync(server.Root, "iam", "list-attached-user-policies", "--user-name", user)).Ok()["AttachedPolicies"]!.AsArray();
        var team = (await server.Boto3Async(server.Root, "iam", "ListAttachedUserPolicies", new { UserName = user, PathPrefix = "/team/" })).Ok()["AttachedPolicies"]!.AsArray();
        var policy = (await server.Boto3Async(server.Root, "iam", "GetPolicy", new { PolicyArn = arn })).Ok()["Policy"]!;

        Assert.Equal(
            new[] { (ReadOnly, "AWSCodeCommitReadOnly"), (arn, name) }.ToHashSet(),
            all.Select(p => ((string)p!["PolicyArn"], (string)p!["PolicyName"])).ToHashSet());
        Assert.Equal(arn, (string)team.Single()!["PolicyArn"]);
        Assert.Equal(1, (int)policy["AttachmentCount"]!);
    }

    [Fact]
    public async Task AttachGroupPolicy_ListAttachedGroupPolicies_PagesWithMaxItems()
    {
        var group = GitsteadServer.UniqueName("ops");
        await server.CreateGroupAsync(group);
        (await server.Boto3Async(server.Root, "iam", "AttachGroupPolicy", new { GroupName = group, PolicyArn = ReadOnly })).Ok();
        (await server.Boto3Async(server.Root, "iam", "AttachGroupPolicy", new { GroupName = group, PolicyArn = "arn:aws:iam::aws:policy/IAMUserSSHKeys" })).Ok();

        var first = (await server.Boto3Async(server.Root, "iam", "ListAttachedGroupPolicies", new { GroupName = group, MaxItems = 1 })).Ok();
        var second = (await server.Boto3Async(server.Root, "iam", "ListAttachedGroupPolicies", new { GroupName = group, MaxItems = 1, Marker = (string)first["Marker"] })).Ok();

        Assert.True((bool)first["IsTruncated"]!);
        Assert.False((bool)second["IsTruncated"]!);
        Assert.Equal(
            new[] { ReadOnly, "arn:aws:iam::aws:policy/IAMUserSSHKeys" }.ToHashSet(),
            first["AttachedPolicies"]!.AsArray().Concat(second["AttachedPolicies"]!.AsArray()).Select(p => (string)p!["PolicyArn"]).ToHashSet());
    }

    [Fact]
    public async Task AttachUserPolicy_EleventhPolicy_RaisesLimitExceeded()
    {
        var user = GitsteadServer.UniqueName("greedy");
        await server.CreateUserAsync(user);
        for (var i = 0; i < 10; i++)
        {
            var arn = await server.CreatePolicyAsync(GitsteadServer.UniqueName($"P{i}"));
            (await server.Boto3Async(server.Root, "iam", "AttachUserPolicy", new { UserName = user, PolicyArn = arn })).Ok();
        }

        var error = (await server.Boto3Async(server.Root, "iam", "AttachUserPolicy", new { UserName = user, PolicyArn = ReadOnly })).Failed();

        Assert.Equal(("LimitExceededException", "Cannot exceed quota for PoliciesPerUser: 10"), (error.Type, error.Message));
        Assert.Equal(409, error.Status);
    }

    [Fact]
    public async Task AttachAndDetach_UnknownOrUnattachedPolicy_RaiseNoSuchEntity()
    {
        var user = GitsteadServer.UniqueName("picky");
        await server.CreateUserAsync(user);
        var unknown = $"arn:aws:iam::{server.AccountId}:policy/{GitsteadServer.UniqueName("Ghost")}";

        var attach = (await server.Boto3Async(server.Root, "iam", "AttachUserPolicy", new { UserName = user, PolicyArn = unknown })).Failed();
        var detach = (await server.Boto3Async(server.Root, "iam", "DetachUserPolicy", new { UserName = user, PolicyArn = ReadOnly })).Failed();
        var invalid = (await server.Boto3Async(server.Root, "iam", "AttachUserPolicy", new { UserName = user, PolicyArn = "arn:aws:iam::aws:policy/arn:aws:iam::aws:policy/X" })).Failed();

        Assert.Equal(("NoSuchEntityException", $"Policy {unknown} does not exist or is not attachable."), (attach.Type, attach.Message));
        Assert.Equal(("NoSuchEntityException", $"Policy {ReadOnly} was not found."), (detach.Type, detach.Message));
        Assert.Equal("InvalidInputException", invalid.Type);
    }

    [Fact]
    public async Task UserInlinePolicy_PutGetListOverwriteDelete()
    {
        var user = GitsteadServer.UniqueName("inline");
        await server.CreateUserAsync(user);
        var first = PolicySteps.Document("codecommit:GitPull");
        var second = PolicySteps.Document("codecommit:GitPush");

        (await server.RunAwsAsync(server.Root, "iam", "put-user-policy", "--user-name", user, "--policy-name", "repos", "--policy-document", first)).Ok();
        (await server.Boto3Async(server.Root, "iam", "PutUserPolicy", new { UserName = user, PolicyName = "repos", PolicyDocument = second })).Ok();
        var fetched = (await server.Boto3Async(server.Root, "iam", "GetUserPolicy", new { UserName = user, PolicyName = "repos" })).Ok();
        var cli = (await server.RunAwsAsync(server.Root, "iam", "get-user-policy", "--user-name", user, "--policy-name", "repos")).Ok();
        var names = (await server.RunAwsAsync(server.Root, "iam", "list-user-policies", "--user-name", user)).Ok()["PolicyNames"]!.AsArray();
        (await server.RunAwsAsync(server.Root, "iam", "delete-user-policy", "--user-name", user, "--policy-name", "repos")).Ok();
        var gone = (await server.Boto3Async(server.Root, "iam", "GetUserPolicy", new { UserName = user, PolicyName = "repos" })).Failed();

        Assert.Equal(user, (string)fetched["UserName"]);
        Assert.Equal("repos", (string)fetched["PolicyName"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(second), fetched["PolicyDocument"]), fetched.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(second), cli["PolicyDocument"]), cli.ToJsonString());
        Assert.Equal(["repos"], names.Select(n => (string)n));
        Assert.Equal(("NoSuchEntityException", "The user policy with name repos cannot be found."), (gone.Type, gone.Message));
    }

    [Fact]
    public async Task UserInlinePolicies_AggregateOver2048_RaisesLimitExceeded()
    {
        var user = GitsteadServer.UniqueName("big");
        await server.CreateUserAsync(user);
        (await server.Boto3Async(server.Root, "iam", "PutUserPolicy", new { UserName = user, PolicyName = "one", PolicyDocument = PolicySteps.DocumentOfSize(1200) })).Ok();

        var error = (await server.Boto3Async(server.Root, "iam", "PutUserPolicy",
            new { UserName = user, PolicyName = "two", PolicyDocument = PolicySteps.DocumentOfSize(1200) })).Failed();
        (await server.Boto3Async(server.Root, "iam", "PutUserPolicy", new { UserName = user, PolicyName = "one", PolicyDocument = PolicySteps.DocumentOfSize(1900) })).Ok();

        Assert.Equal(("LimitExceededException", $"Maximum policy size of 2048 bytes exceeded for user {user}"), (error.Type, error.Message));
    }

    [Fact]
    public async Task PutUserPolicy_MalformedDocumentOrMissingUser_RaisesTheModelledError()
    {
        var user = GitsteadServer.UniqueName("strict");
        await server.CreateUserAsync(user);

        var malformed = (await server.Boto3Async(server.Root, "iam", "PutUserPolicy",
            new { UserName = user, PolicyName = "bad", PolicyDocument = "{\"Statement\": [{\"Effect\": \"Maybe\", \"Action\": \"*\", \"Resource\": \"*\"}]}" })).Failed();
        var missing = (await server.Boto3Async(server.Root, "iam", "PutUserPolicy",
            new { UserName = GitsteadServer.UniqueName("ghost"), PolicyName = "p", PolicyDocument = PolicySteps.Document() })).Failed();

        Assert.Equal(("MalformedPolicyDocumentException", 400), (malformed.Type, malformed.Status));
        Assert.Equal("NoSuchEntityException", missing.Type);
    }

    [Fact]
    public async Task GroupInlinePolicy_PutGetListPagedDelete()
    {
        var group = GitsteadServer.UniqueName("inline");
        await server.CreateGroupAsync(group);
        foreach (var name in new[] { "a", "b", "c" })
        {
            (await server.Boto3Async(server.Root, "iam", "PutGroupPolicy", new { GroupName = group, PolicyName = name, PolicyDocument = PolicySteps.Document() })).Ok();
        }

        var fetched = (await server.Boto3Async(server.Root, "iam", "GetGroupPolicy", new { GroupName = group, PolicyName = "b" })).Ok();
        var page = (await server.Boto3Async(server.Root, "iam", "ListGroupPolicies", new { GroupName = group, MaxItems = 2 })).Ok();
        var rest = (await server.Boto3Async(server.Root, "iam", "ListGroupPolicies", new { GroupName = group, MaxItems = 2, Marker = (string)page["Marker"] })).Ok();
        var conflict = (await server.Boto3Async(server.Root, "iam", "DeleteGroup", new { GroupName = group })).Failed();
        (await server.RunAwsAsync(server.Root, "iam", "delete-group-policy", "--group-name", group, "--policy-name", "b")).Ok();
        var gone = (await server.Boto3Async(server.Root, "iam", "DeleteGroupPolicy", new { GroupName = group, PolicyName = "b" })).Failed();

        Assert.Equal(group, (string)fetched["GroupName"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(PolicySteps.Document()), fetched["PolicyDocument"]), fetched.ToJsonString());
        Assert.True((bool)page["IsTruncated"]!);
        Assert.Equal(["a", "b", "c"], page["PolicyNames"]!.AsArray().Concat(rest["PolicyNames"]!.AsArray()).Select(n => (string)n));
        Assert.Equal(("DeleteConflictException", "Cannot delete entity, must delete policies first."), (conflict.Type, conflict.Message));
        Assert.Equal(("NoSuchEntityException", "The group policy with name b cannot be found."), (gone.Type, gone.Message));
    }

    [Fact]
    public async Task GroupWithAttachedPolicy_AndUserWithInlinePolicy_CannotBeDeleted()
    {
        var group = GitsteadServer.UniqueName("attached");
        var user = GitsteadServer.UniqueName("owner");
        await server.CreateGroupAsync(group);
        await server.CreateUserAsync(user);
        (await server.Boto3Async(server.Root, "iam", "AttachGroupPolicy", new { GroupName = group, PolicyArn = ReadOnly })).Ok();
        (await server.Boto3Async(server.Root, "iam", "PutUserPolicy", new { UserName = user, PolicyName = "p", PolicyDocument = PolicySteps.Document() })).Ok();

        var groupConflict = (await server.Boto3Async(server.Root, "iam", "DeleteGroup", new { GroupName = group })).Failed();
        var userConflict = (await server.Boto3Async(server.Root, "iam", "DeleteUser", new { UserName = user })).Failed();

        Assert.Equal(("DeleteConflictException", "Cannot delete entity, must detach all policies first."), (groupConflict.Type, groupConflict.Message));
        Assert.Equal("DeleteConflictException", userConflict.Type);
    }
}

public sealed class PrincipalPolicyOnSqlite(SqliteServer server) : PrincipalPolicyTests<SqliteServer>(server);

public sealed class PrincipalPolicyOnPostgres(PostgresServer server) : PrincipalPolicyTests<PostgresServer>(server);
