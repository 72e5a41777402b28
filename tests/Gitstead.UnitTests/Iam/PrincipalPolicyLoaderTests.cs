using System.Data.Common;
using Gitstead.Iam.Common;
using Gitstead.Iam.Groups;
using Gitstead.Iam.Policies;
using Gitstead.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Xunit;

namespace Gitstead.UnitTests.Iam;

/// <summary>The identity-based policies of a user, loaded for the authorizer through the real services and database.</summary>
public sealed class PrincipalPolicyLoaderTests : IAsyncLifetime
{
    private const string ReadOnly = "arn:aws:iam::aws:policy/AWSCodeCommitReadOnly";
    private IamDatabase _iam = null!;

    public async Task InitializeAsync() => _iam = await IamDatabase.CreateAsync();

    public async Task DisposeAsync() => await _iam.DisposeAsync();

    [Fact]
    public async Task LoadForUser_UserAndGroupPolicies_ReturnsEachDocumentOnceInThreeQueries()
    {
        // Arrange
        var alice = await _iam.AddUserAsync("alice");
        await _iam.AddUserAsync("bob");
        await CreateGroupWithMemberAsync("Devs", "alice");
        await CreateGroupWithMemberAsync("Empty", "alice");
        var own = await CreatePolicyAsync("Own", Doc("codecommit:GitPull"));
        await _iam.Get<PolicyVersionService>().CreateAsync(_iam.RootCall, own, Doc("codecommit:GitPush"), setAsDefault: true, default);
        var shared = await CreatePolicyAsync("Shared", Doc("codecommit:List*"));
        var attachments = _iam.Get<AttachmentService>();
        await attachments.AttachAsync(_iam.RootCall, PrincipalKind.User, "alice", own, default);
        await attachments.AttachAsync(_iam.RootCall, PrincipalKind.User, "alice", ReadOnly, default);
        await attachments.AttachAsync(_iam.RootCall, PrincipalKind.Group, "Devs", ReadOnly, default);
        await attachments.AttachAsync(_iam.RootCall, PrincipalKind.Group, "Devs", shared, default);
        var inline = _iam.Get<InlinePolicyService>();
        await inline.PutAsync(_iam.RootCall, PrincipalKind.User, "alice", "Mine", Doc("codecommit:Get*"), default);
        await inline.PutAsync(_iam.RootCall, PrincipalKind.Group, "Devs", "Team", Doc("codecommit:Describe*"), default);
        await inline.PutAsync(_iam.RootCall, PrincipalKind.User, "bob", "NotAlices", Doc("codecommit:*"), default);
        var counter = new CommandCounter();
        await using var db = CountingContext(counter);

        // Act
        var policies = await new PrincipalPolicyLoader().LoadForUserAsync(db, _iam.AccountId, alice.Key, default);

        // Assert
        var byId = policies.ToDictionary(p => p.PolicyId, p => p.Document);
        Assert.Equal(["user/alice/inline/Mine", "group/Devs/inline/Team", own, shared, ReadOnly], policies.Select(p => p.PolicyId));
        Assert.Contains("codecommit:GitPush", byId[own]);
        Assert.Contains("codecommit:List*", byId[shared]);
        Assert.Contains("codecommit:GitPull", byId[ReadOnly]);
        Assert.Contains("codecommit:Describe*", byId["group/Devs/inline/Team"]);
        Assert.True(counter.Count <= 3, $"{counter.Count} queries");
    }

    [Fact]
    public async Task LoadForUser_UnknownUserOrOtherAccount_ReturnsNothing()
    {
        // Arrange
        var alice = await _iam.AddUserAsync("alice");
        await _iam.Get<InlinePolicyService>().PutAsync(_iam.RootCall, PrincipalKind.User, "alice", "Mine", Doc("codecommit:Get*"), default);
        await using var db = _iam.Db.Create();

        // Act
        var unknown = await new PrincipalPolicyLoader().LoadForUserAsync(db, _iam.AccountId, alice.Key + 1000, default);
        var otherAccount = await new PrincipalPolicyLoader().LoadForUserAsync(db, "111122223333", alice.Key, default);

        // Assert
        Assert.Empty(unknown);
        Assert.Empty(otherAccount);
    }

    private static string Doc(string action) =>
        $$"""{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "{{action}}", "Resource": "*"}]}""";

    private async Task CreateGroupWithMemberAsync(string groupName, string userName)
    {
        var groups = _iam.Get<GroupService>();
        await groups.CreateAsync(_iam.RootCall, groupName, "/", default);
        await groups.AddUserAsync(_iam.RootCall, groupName, userName, default);
    }

    private async Task<string> CreatePolicyAsync(string name, string document)
    {
        var policy = await _iam.Get<ManagedPolicyService>().CreateAsync(_iam.RootCall, new NewPolicy(name, "/", document, null, []), default);
        return policy.Arn;
    }

    /// <summary>A context on the same database that counts the commands it runs.</summary>
    private SqliteGitsteadDbContext CountingContext(CommandCounter counter)
    {
        using var probe = _iam.Db.Create();
        var options = new DbContextOptionsBuilder<SqliteGitsteadDbContext>()
            .UseSqlite(probe.Database.GetConnectionString())
            .AddInterceptors(counter)
            .Options;
        return new SqliteGitsteadDbContext(options);
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        public int Count { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Count++;
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
