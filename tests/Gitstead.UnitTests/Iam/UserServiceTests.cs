using Gitstead.Aws;
using Gitstead.Iam.AccessKeys;
using Gitstead.Iam.Common;
using Gitstead.Iam.Groups;
using Gitstead.Iam.LoginProfiles;
using Gitstead.Iam.Policies;
using Gitstead.Iam.Users;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gitstead.UnitTests.Iam;

/// <summary>UserService authorizes its callers itself, through the real authorizer and database.</summary>
public sealed class UserServiceTests : IAsyncLifetime
{
    private IamDatabase _iam = null!;

    private UserService Users => _iam.Get<UserService>();

    public async Task InitializeAsync() => _iam = await IamDatabase.CreateAsync();

    public async Task DisposeAsync() => await _iam.DisposeAsync();

    [Fact]
    public async Task CreateAsync_UserWithoutCreateUser_ThrowsAccessDeniedAndWritesNoRow()
    {
        // Arrange
        var bob = await _iam.AddUserAsync("bob");

        // Act
        var error = await Assert.ThrowsAsync<AccessDeniedException>(
            () => Users.CreateAsync(_iam.CallAs(bob), new NewUser("eve", "/", null, []), default));

        // Assert
        Assert.Equal(
            $"User: arn:aws:iam::{_iam.AccountId}:user/bob is not authorized to perform: iam:CreateUser on resource: "
                + $"arn:aws:iam::{_iam.AccountId}:user/eve because no identity-based policy allows the iam:CreateUser action",
            error.Message);
        var wire = error.ToServiceException(AwsProtocol.Query);
        Assert.Equal(("AccessDenied", 403), (wire.Code, wire.StatusCode));
        await using var context = _iam.Db.Create();
        Assert.False(await context.Users.AnyAsync(u => u.NameKey == "eve"));
    }

    [Fact]
    public async Task CreateAsync_Root_CreatesTheUserWithItsArn()
    {
        // Act
        var user = await Users.CreateAsync(_iam.RootCall, new NewUser("Eve", "/team/", null, [new Tag("team", "blue")]), default);

        // Assert
        Assert.Equal($"arn:aws:iam::{_iam.AccountId}:user/team/Eve", user.Arn);
        Assert.StartsWith("AIDA", user.UserId);
        Assert.Equal([new Tag("team", "blue")], user.Tags);
        await using var context = _iam.Db.Create();
        Assert.True(await context.Users.AnyAsync(u => u.NameKey == "eve" && u.UserId == user.UserId));
    }

    [Fact]
    public async Task CreateAsync_TagConditionNotMet_ThrowsAccessDenied()
    {
        // Arrange
        var bob = await _iam.AddUserAsync("bob");
        await AllowAsync(bob, "iam:CreateUser", "*", ""","Condition":{"StringEquals":{"aws:RequestTag/team":"blue"}}""");

        // Act
        var blue = await Users.CreateAsync(_iam.CallAs(bob), new NewUser("blue", "/", null, [new Tag("team", "blue")]), default);
        var red = await Record.ExceptionAsync(() => Users.CreateAsync(_iam.CallAs(bob), new NewUser("red", "/", null, [new Tag("team", "red")]), default));

        // Assert
        Assert.Equal("blue", blue.UserName);
        Assert.IsType<AccessDeniedException>(red);
    }

    [Fact]
    public async Task GetAsync_MissingUserAndNoPermission_DeniedOnItsNameNotNoSuchEntity()
    {
        // Arrange
        var bob = await _iam.AddUserAsync("bob");

        // Act
        var error = await Assert.ThrowsAsync<AccessDeniedException>(() => Users.GetAsync(_iam.CallAs(bob), "ghost", default));

        // Assert
        Assert.Equal("iam:GetUser", error.Action);
        Assert.Equal($"arn:aws:iam::{_iam.AccountId}:user/ghost", error.Resource);
    }

    [Fact]
    public async Task GetAsync_RootWithoutName_DescribesTheRoot()
    {
        // Act
        var identity = await Users.GetAsync(_iam.RootCall, null, default);

        // Assert
        Assert.True(identity.IsRoot);
        Assert.Equal(_iam.AccountId, identity.UserId);
        Assert.Equal($"arn:aws:iam::{_iam.AccountId}:root", identity.Arn);
    }

    [Fact]
    public async Task UpdateAsync_AllowedOnTheOldArnOnly_DeniedOnTheNewArnAndNothingChanges()
    {
        // Arrange
        var bob = await _iam.AddUserAsync("bob");
        await _iam.AddUserAsync("alice");
        await AllowAsync(bob, "iam:UpdateUser", $"arn:aws:iam::{_iam.AccountId}:user/alice");

        // Act
        var error = await Assert.ThrowsAsync<AccessDeniedException>(() => Users.UpdateAsync(_iam.CallAs(bob), "alice", "carol", null, default));

        // Assert
        Assert.Equal($"arn:aws:iam::{_iam.AccountId}:user/carol", error.Resource);
        await using var context = _iam.Db.Create();
        Assert.True(await context.Users.AnyAsync(u => u.NameKey == "alice"));
        Assert.False(await context.Users.AnyAsync(u => u.NameKey == "carol"));
    }

    [Fact]
    public async Task SummarizeAsync_Root_CountsGroupsPasswordAndKeysOfEachUser()
    {
        // Arrange
        await _iam.AddUserAsync("alice");
        await _iam.AddUserAsync("bob");
        await _iam.Get<GroupService>().CreateAsync(_iam.RootCall, "devs", "/", default);
        await _iam.Get<GroupService>().AddUserAsync(_iam.RootCall, "devs", "alice", default);
        await _iam.Get<LoginProfileService>().CreateAsync(_iam.RootCall, "alice", "Secret-Passw0rd!", false, default);
        var key = await _iam.Get<AccessKeyService>().CreateAsync(_iam.RootCall, "alice", default);

        // Act
        var summaries = await Users.SummarizeAsync(_iam.RootCall, ["bob", "ALICE", "ghost"], default);

        // Assert
        Assert.Equal(["alice", "bob"], summaries.Select(s => s.UserName));
        var alice = summaries[0];
        Assert.Equal((1, true), (alice.GroupCount, alice.HasConsolePassword));
        Assert.Equal([key.Key.AccessKeyId], alice.AccessKeys!.Select(k => k.AccessKeyId));
        Assert.Equal((0, false, 0), (summaries[1].GroupCount, summaries[1].HasConsolePassword, summaries[1].AccessKeys!.Count));
    }

    [Fact]
    public async Task SummarizeAsync_CallerAllowedOneActionOnOneUser_OthersAreNullNotRefused()
    {
        // Arrange
        var bob = await _iam.AddUserAsync("bob");
        await _iam.AddUserAsync("alice");
        await AllowAsync(bob, "iam:ListGroupsForUser", $"arn:aws:iam::{_iam.AccountId}:user/bob");

        // Act
        var summaries = await Users.SummarizeAsync(_iam.CallAs(bob), ["alice", "bob"], default);

        // Assert
        Assert.Equal(new UserSummary("alice", null, null, null), summaries[0]);
        Assert.Equal((0, (bool?)null), (summaries[1].GroupCount, summaries[1].HasConsolePassword));
        Assert.Null(summaries[1].AccessKeys);
    }

    private Task AllowAsync(Gitstead.Storage.Entities.IamUser user, string action, string resource, string condition = "") =>
        _iam.Get<InlinePolicyService>().PutAsync(
            _iam.RootCall,
            PrincipalKind.User,
            user.UserName,
            "Allow",
            $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"{{action}}","Resource":"{{resource}}"{{condition}}}]}""",
            default);
}
