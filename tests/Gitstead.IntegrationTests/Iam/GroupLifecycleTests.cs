using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Iam;

/// <summary>The account root manages IAM groups and their members with the aws CLI and boto3.</summary>
public abstract class GroupLifecycleTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task CreateGroup_ReturnsTheGroupWithItsArnAndId()
    {
        var name = GitsteadServer.UniqueName("devs");

        var group = (await server.RunAwsAsync(server.Root, "iam", "create-group", "--group-name", name, "--path", "/eng/")).Ok()["Group"]!;

        Assert.Equal(name, (string)group["GroupName"]);
        Assert.Equal("/eng/", (string)group["Path"]);
        Assert.Equal($"arn:aws:iam::{server.AccountId}:group/eng/{name}", (string)group["Arn"]);
        Assert.Matches("^AGPA[A-Z0-9]{17}$", (string)group["GroupId"]);
        Assert.NotNull(group["CreateDate"]);
    }

    [Fact]
    public async Task CreateGroup_SameNameInOtherCase_RaisesEntityAlreadyExistsException()
    {
        var name = GitsteadServer.UniqueName("Admins");
        await server.CreateGroupAsync(name);

        var error = (await server.Boto3Async(server.Root, "iam", "CreateGroup", new { GroupName = name.ToLowerInvariant() })).Failed();

        Assert.Equal("EntityAlreadyExistsException", error.Type);
        Assert.Equal(409, error.Status);
    }

    [Fact]
    public async Task GetGroup_WithMaxItems_PagesThroughItsMembers()
    {
        var group = GitsteadServer.UniqueName("team");
        await server.CreateGroupAsync(group);
        var users = new[] { "a", "b", "c" }.Select(p => GitsteadServer.UniqueName(p)).ToList();
        foreach (var user in users)
        {
            await server.CreateUserAsync(user);
            await server.AddUserToGroupAsync(group, user);
        }

        var first = (await server.Boto3Async(server.Root, "iam", "GetGroup", new { GroupName = group, MaxItems = 2 })).Ok();
        var second = (await server.Boto3Async(server.Root, "iam", "GetGroup", new { GroupName = group, MaxItems = 2, Marker = (string)first["Marker"] })).Ok();

        Assert.True((bool)first["IsTruncated"]!, first.ToJsonString());
        Assert.Equal(2, first["Users"]!.AsArray().Count);
        Assert.False((bool)second["IsTruncated"]!, second.ToJsonString());
        Assert.Null(second["Marker"]);
        var listed = first["Users"]!.AsArray().Concat(second["Users"]!.AsArray()).Select(u => (string)u!["UserName"]);
        Assert.Equal(users.Order(StringComparer.OrdinalIgnoreCase), listed);
        Assert.Equal(group, (string)second["Group"]!["GroupName"]);
    }

    [Fact]
    public async Task ListGroups_CliWithPageSizeOne_FollowsMarkersAndFiltersByPath()
    {
        var path = $"/{GitsteadServer.UniqueName("p")}/";
        var names = new[] { "x", "y", "z" }.Select(p => GitsteadServer.UniqueName(p)).ToList();
        foreach (var name in names)
        {
            await server.CreateGroupAsync(name, path);
        }

        await server.CreateGroupAsync(GitsteadServer.UniqueName("elsewhere"));

        var groups = (await server.RunAwsAsync(server.Root, "iam", "list-groups", "--path-prefix", path, "--page-size", "1")).Ok()["Groups"]!.AsArray();

        Assert.Equal(names.Order(StringComparer.OrdinalIgnoreCase), groups.Select(g => (string)g!["GroupName"]));
    }

    [Fact]
    public async Task UpdateGroup_RenameAndMove_TheOldNameIsGone()
    {
        var name = GitsteadServer.UniqueName("old");
        var newName = GitsteadServer.UniqueName("new");
        var id = (string)(await server.CreateGroupAsync(name))["GroupId"];

        (await server.RunAwsAsync(server.Root, "iam", "update-group", "--group-name", name, "--new-group-name", newName, "--new-path", "/moved/")).Ok();
        var group = (await server.Boto3Async(server.Root, "iam", "GetGroup", new { GroupName = newName })).Ok()["Group"]!;
        var error = (await server.Boto3Async(server.Root, "iam", "GetGroup", new { GroupName = name })).Failed();

        Assert.Equal(id, (string)group["GroupId"]);
        Assert.Equal($"arn:aws:iam::{server.AccountId}:group/moved/{newName}", (string)group["Arn"]);
        Assert.Equal("NoSuchEntityException", error.Type);
        Assert.Equal($"The group with name {name} cannot be found.", error.Message);
    }

    [Fact]
    public async Task DeleteGroup_WithAMember_RaisesDeleteConflictUntilTheMemberIsRemoved()
    {
        var group = GitsteadServer.UniqueName("busy");
        var user = GitsteadServer.UniqueName("member");
        await server.CreateGroupAsync(group);
        await server.CreateUserAsync(user);
        await server.AddUserToGroupAsync(group, user);

        var conflict = (await server.Boto3Async(server.Root, "iam", "DeleteGroup", new { GroupName = group })).Failed();
        (await server.RunAwsAsync(server.Root, "iam", "remove-user-from-group", "--group-name", group, "--user-name", user)).Ok();
        (await server.RunAwsAsync(server.Root, "iam", "delete-group", "--group-name", group)).Ok();

        Assert.Equal("DeleteConflictException", conflict.Type);
        Assert.Equal("Cannot delete entity, must remove users from group first.", conflict.Message);
        Assert.Equal("NoSuchEntityException", (await server.Boto3Async(server.Root, "iam", "GetGroup", new { GroupName = group })).Failed().Type);
    }

    [Fact]
    public async Task DeleteUser_InAGroup_RaisesDeleteConflictException()
    {
        var group = GitsteadServer.UniqueName("holds");
        var user = GitsteadServer.UniqueName("held");
        await server.CreateGroupAsync(group);
        await server.CreateUserAsync(user);
        await server.AddUserToGroupAsync(group, user);

        var error = (await server.Boto3Async(server.Root, "iam", "DeleteUser", new { UserName = user })).Failed();

        Assert.Equal("DeleteConflictException", error.Type);
    }

    [Fact]
    public async Task ListGroupsForUser_ListsTheUsersGroups_AndAnEleventhGroupRaisesLimitExceeded()
    {
        var user = GitsteadServer.UniqueName("joiner");
        await server.CreateUserAsync(user);
        var groups = Enumerable.Range(0, 11).Select(i => GitsteadServer.UniqueName($"g{i}")).ToList();
        foreach (var group in groups)
        {
            await server.CreateGroupAsync(group);
        }

        foreach (var group in groups.Take(10))
        {
            await server.AddUserToGroupAsync(group, user);
        }

        var error = (await server.Boto3Async(server.Root, "iam", "AddUserToGroup", new { GroupName = groups[10], UserName = user })).Failed();
        var listed = (await server.RunAwsAsync(server.Root, "iam", "list-groups-for-user", "--user-name", user)).Ok()["Groups"]!.AsArray();

        Assert.Equal("LimitExceededException", error.Type);
        Assert.Equal("Cannot exceed quota for GroupsPerUser: 10", error.Message);
        Assert.Equal(groups.Take(10).ToHashSet(), listed.Select(g => (string)g!["GroupName"]).ToHashSet());
    }

    [Fact]
    public async Task AddUserToGroup_Twice_KeepsOneMembership()
    {
        var group = GitsteadServer.UniqueName("once");
        var user = GitsteadServer.UniqueName("twice");
        await server.CreateGroupAsync(group);
        await server.CreateUserAsync(user);

        await server.AddUserToGroupAsync(group, user);
        await server.AddUserToGroupAsync(group, user);
        var members = (await server.Boto3Async(server.Root, "iam", "GetGroup", new { GroupName = group })).Ok()["Users"]!.AsArray();

        Assert.Single(members);
    }

    [Fact]
    public async Task MissingGroupOrUser_RaisesNoSuchEntityException()
    {
        var group = GitsteadServer.UniqueName("real");
        var user = GitsteadServer.UniqueName("outsider");
        await server.CreateGroupAsync(group);
        await server.CreateUserAsync(user);

        var noGroup = (await server.Boto3Async(server.Root, "iam", "GetGroup", new { GroupName = GitsteadServer.UniqueName("ghost") })).Failed();
        var noUser = (await server.Boto3Async(server.Root, "iam", "AddUserToGroup", new { GroupName = group, UserName = GitsteadServer.UniqueName("ghost") })).Failed();
        var notMember = (await server.Boto3Async(server.Root, "iam", "RemoveUserFromGroup", new { GroupName = group, UserName = user })).Failed();

        Assert.All(new[] { noGroup, noUser, notMember }, e => Assert.Equal(("NoSuchEntityException", 404), (e.Type, e.Status)));
    }

    [Fact]
    public async Task CreateGroup_InvalidName_RaisesValidationError()
    {
        var error = (await server.Boto3Async(server.Root, "iam", "CreateGroup", new { GroupName = "no spaces" })).Failed();

        Assert.Equal("ValidationError", error.Code);
        Assert.Equal(400, error.Status);
    }
}

public sealed class GroupLifecycleOnSqlite(SqliteServer server) : GroupLifecycleTests<SqliteServer>(server);

public sealed class GroupLifecycleOnPostgres(PostgresServer server) : GroupLifecycleTests<PostgresServer>(server);
