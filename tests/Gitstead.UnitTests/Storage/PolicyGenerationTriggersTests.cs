using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Gitstead.UnitTests.Auth;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gitstead.UnitTests.Storage;

/// <summary>
/// The SQLite triggers behind the policy cache: every write that can change what an IAM user
/// may do raises the account's generation, by tracked changes and bulk statements alike;
/// writes that cannot, leave it.
/// </summary>
public sealed class PolicyGenerationTriggersTests
{
    private const string Account = AuthDatabase.AccountId;

    [Fact]
    public async Task EveryWriteThatDecidesPermissions_RaisesTheGeneration()
    {
        // Arrange
        await using var db = await AuthDatabase.CreateAsync();
        var user = await db.AddUserAsync("bob");
        var raised = new List<string>();

        async Task StepAsync(string name, Func<GitsteadDbContext, Task> write)
        {
            var before = await db.PolicyGenerationAsync();
            await using (var context = db.Get<IGitsteadDb>().Create())
            {
                await write(context);
            }

            if (await db.PolicyGenerationAsync() > before)
            {
                raised.Add(name);
            }
        }

        // Act
        await StepAsync("inline insert", c => Save(c, new InlinePolicy { AccountId = Account, PrincipalType = "user", PrincipalKey = user.Key, PolicyName = "p", Document = "{}" }));
        await StepAsync("inline update", c => c.InlinePolicies.ExecuteUpdateAsync(s => s.SetProperty(p => p.Document, "{ }")));
        await StepAsync("inline delete", c => c.InlinePolicies.ExecuteDeleteAsync());
        await StepAsync("attach", c => Save(c, new PolicyAttachment { AccountId = Account, PrincipalType = "user", PrincipalKey = user.Key, PolicyArn = "arn:aws:iam::aws:policy/X" }));
        await StepAsync("detach", c => c.PolicyAttachments.ExecuteDeleteAsync());
        var group = new IamGroup { AccountId = Account, GroupId = "AGPAEXAMPLE", GroupName = "g", NameKey = "g" };
        await StepAsync("group insert", c => Save(c, group));
        await StepAsync("member insert", c => Save(c, new GroupMember { GroupKey = group.Key, UserKey = user.Key }));
        await StepAsync("member delete", c => c.GroupMembers.ExecuteDeleteAsync());
        var policy = new ManagedPolicy { AccountId = Account, PolicyId = "ANPAEXAMPLE", PolicyName = "m", Arn = $"arn:aws:iam::{Account}:policy/m", DefaultVersionId = "v1" };
        await StepAsync("policy insert", c => Save(c, policy));
        await StepAsync("version insert", c => Save(c, new PolicyVersion { PolicyKey = policy.Key, VersionId = "v2", Document = "{}" }));
        await StepAsync("default version", c => c.Policies.ExecuteUpdateAsync(s => s.SetProperty(p => p.DefaultVersionId, "v2")));
        await StepAsync("version delete", c => c.PolicyVersions.ExecuteDeleteAsync());
        await StepAsync("policy delete", c => c.Policies.ExecuteDeleteAsync());
        await StepAsync("group rename", c => c.Groups.ExecuteUpdateAsync(s => s.SetProperty(g => g.GroupName, "h")));
        await StepAsync("group delete", c => c.Groups.ExecuteDeleteAsync());
        await StepAsync("user tag", c => Save(c, new UserTag { UserKey = user.Key, Key = "team", Value = "a" }));
        await StepAsync("user rename", c => c.Users.ExecuteUpdateAsync(s => s.SetProperty(u => u.UserName, "robert")));
        await StepAsync("user delete", c => c.Users.ExecuteDeleteAsync());

        // Assert
        Assert.Equal(
            [
                "inline insert", "inline update", "inline delete", "attach", "detach", "member insert", "member delete",
                "version insert", "default version", "version delete", "policy delete", "group rename", "group delete",
                "user rename", "user delete",
            ],
            raised);
    }

    private static async Task Save(GitsteadDbContext context, object entity)
    {
        context.Add(entity);
        await context.SaveChangesAsync();
    }
}
