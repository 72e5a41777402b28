using System.Net;
using Gitstead.Aws;
using Gitstead.Iam;
using Gitstead.Iam.Accounts;
using Gitstead.Iam.Common;
using Gitstead.Kms;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gitstead.UnitTests.Iam;

/// <summary>
/// The IAM area's real services over a fresh SQLite database in a temporary data directory,
/// with a controllable clock and one account.
/// </summary>
internal sealed class IamDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _dir;

    private IamDatabase(ServiceProvider services, string dir, string accountId)
    {
        _services = services;
        _dir = dir;
        AccountId = accountId;
    }

    public FakeTimeProvider Time => (FakeTimeProvider)_services.GetRequiredService<TimeProvider>();

    public string AccountId { get; }

    public IGitsteadDb Db => Get<IGitsteadDb>();

    /// <summary>A call by the account's root, from loopback over TLS, now.</summary>
    public CallContext RootCall => Call(Caller.Root(AccountId));

    /// <summary>A call by <paramref name="caller"/>, from loopback over TLS, now.</summary>
    public CallContext Call(Caller caller) => new(caller, new RequestOrigin("us-east-1", IPAddress.Loopback, true, Time.GetUtcNow()));

    /// <summary>A call by the IAM user <paramref name="user"/>, with its long-term credentials.</summary>
    public CallContext CallAs(IamUser user) => Call(Caller.User(AccountId, user.Path, user.UserName, user.UserId, user.Key));

    public static async Task<IamDatabase> CreateAsync()
    {
        var dir = Directory.CreateTempSubdirectory("gitstead-iam-").FullName;
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDir"] = dir })
                .Build())
            .AddLogging()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)))
            .AddGitsteadStorage()
            .AddKms()
            .AddIam()
            .BuildServiceProvider();
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        var account = await services.GetRequiredService<AccountService>().CreateAccountAsync(null, CancellationToken.None);
        return new IamDatabase(services, dir, account.AccountId);
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public async Task<IamUser> AddUserAsync(string userName, string path = "/")
    {
        var user = new IamUser
        {
            AccountId = AccountId,
            UserId = IamIds.UniqueId("AIDA"),
            UserName = userName,
            NameKey = userName.ToLowerInvariant(),
            Path = path,
            CreateDate = Time.GetUtcNow().UtcDateTime,
        };
        await using var context = Db.Create();
        context.Users.Add(user);
        await context.SaveChangesAsync();
        return user;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
