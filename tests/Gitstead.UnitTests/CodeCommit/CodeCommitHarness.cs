using System.Net;
using Gitstead.Aws;
using Gitstead.CodeCommit;
using Gitstead.Iam;
using Gitstead.Iam.Accounts;
using Gitstead.Kms;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gitstead.UnitTests.CodeCommit;

/// <summary>
/// The CodeCommit area's real services over a fresh SQLite database and data directory, with
/// the real IAM authorizer and one account: what a console page or an API handler calls.
/// </summary>
internal sealed class CodeCommitHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CodeCommitHarness(ServiceProvider services, string dir, string accountId)
    {
        _services = services;
        DataDir = dir;
        AccountId = accountId;
    }

    public string DataDir { get; }

    public string AccountId { get; }

    public string RepositoriesDir => Path.Combine(DataDir, "repositories");

    public static async Task<CodeCommitHarness> CreateAsync()
    {
        var dir = Directory.CreateTempSubdirectory("gitstead-cc-").FullName;
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDir"] = dir })
                .Build())
            .AddLogging()
            .AddGitsteadStorage()
            .AddKms()
            .AddAwsWireLayer()
            .AddIam()
            .AddCodeCommit()
            .BuildServiceProvider();
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        var account = await services.GetRequiredService<AccountService>().CreateAccountAsync(null, CancellationToken.None);
        return new CodeCommitHarness(services, dir, account.AccountId);
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public CallContext Root => Call(Caller.Root(AccountId));

    public static CallContext Call(Caller caller, string region = "us-east-1") =>
        new(caller, new RequestOrigin(region, IPAddress.Loopback, SecureTransport: true, DateTimeOffset.UtcNow));

    /// <summary>A user with one inline policy, as the caller of a call.</summary>
    public async Task<CallContext> UserWithPolicyAsync(string name, string document)
    {
        await using var context = Get<IGitsteadDb>().Create();
        var user = new IamUser { AccountId = AccountId, UserId = "AIDA" + Guid.NewGuid().ToString("N")[..17].ToUpperInvariant(), UserName = name, NameKey = name.ToLowerInvariant(), Path = "/", CreateDate = DateTime.UtcNow };
        context.Users.Add(user);
        await context.SaveChangesAsync();
        context.InlinePolicies.Add(new InlinePolicy { AccountId = AccountId, PrincipalType = "user", PrincipalKey = user.Key, PolicyName = "Test", Document = document });
        await context.SaveChangesAsync();
        return Call(Caller.User(AccountId, "/", name, user.UserId, user.Key));
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Directory.Delete(DataDir, recursive: true);
    }
}
