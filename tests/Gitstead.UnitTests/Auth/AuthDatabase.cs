using Gitstead.Auth;
using Gitstead.Kms;
using Gitstead.Kms.Envelope;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Gitstead.UnitTests.SigV4;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gitstead.UnitTests.Auth;

/// <summary>
/// A fresh data directory with a migrated SQLite database and the real Auth, Kms and Storage
/// registrations, plus intent methods that store accounts, users and keys.
/// </summary>
internal sealed class AuthDatabase : IAsyncDisposable
{
    public const string AccountId = "123456789012";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gitstead-auth-" + Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services;

    private AuthDatabase(DateTimeOffset start)
    {
        Time = new FakeTimeProvider(start);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDir"] = _directory })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddGitsteadStorage();
        services.AddKms();
        services.AddGitsteadAuth();
        _services = services.BuildServiceProvider();
    }

    /// <summary>Starts at the time of the reference vectors unless told otherwise; it only moves forward.</summary>
    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _services;

    public static async Task<AuthDatabase> CreateAsync(DateTimeOffset? start = null)
    {
        var database = new AuthDatabase(start ?? SigV4Vectors.SignedAt);
        await database.Get<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        await database.AddAsync(new Account { Id = AccountId, RootEmail = "root@example.com", RootPasswordHash = "x" });
        return database;
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>The account's policy generation as stored now.</summary>
    public async Task<long> PolicyGenerationAsync()
    {
        await using var context = Get<IGitsteadDb>().Create();
        return await context.Accounts.Where(a => a.Id == AccountId).Select(a => a.PolicyGeneration).SingleAsync();
    }

    public async Task<IamUser> AddUserAsync(string name, string path = "/")
    {
        var user = new IamUser { AccountId = AccountId, UserId = "AIDA" + name.ToUpperInvariant().PadRight(17, 'X'), UserName = name, NameKey = name.ToLowerInvariant(), Path = path };
        await AddAsync(user);
        return user;
    }

    public Task AddAccessKeyAsync(string accessKeyId, string secret, long? userKey = null, string status = "Active", int slot = 0) =>
        AddAsync(new AccessKey
        {
            AccessKeyId = accessKeyId,
            AccountId = AccountId,
            UserKey = userKey,
            Slot = slot,
            SecretCiphertext = Get<EnvelopeEncryption>().Encrypt(secret, SecretPurposes.AccessKey(accessKeyId)),
            Status = status,
        });

    public Task AddSessionAsync(string accessKeyId, string secret, string token, string parentAccessKeyId, long? userKey, DateTimeOffset expiration, bool mfa = false) =>
        AddAsync(new SessionCredential
        {
            AccessKeyId = accessKeyId,
            AccountId = AccountId,
            UserKey = userKey,
            ParentAccessKeyId = parentAccessKeyId,
            SecretCiphertext = Get<EnvelopeEncryption>().Encrypt(secret, SecretPurposes.SessionKey(accessKeyId)),
            TokenHash = Get<SecretHasher>().Hash(SecretPurposes.SessionToken, token),
            Expiration = expiration.UtcDateTime,
            MultiFactorAuthPresent = mfa,
        });

    public async Task<AccessKey> AccessKeyAsync(string accessKeyId)
    {
        await using var context = Get<IGitsteadDb>().Create();
        return context.AccessKeys.Single(k => k.AccessKeyId == accessKeyId);
    }

    public async Task SetAccessKeyStatusAsync(string accessKeyId, string status)
    {
        await using var context = Get<IGitsteadDb>().Create();
        context.AccessKeys.Single(k => k.AccessKeyId == accessKeyId).Status = status;
        await context.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind does no harm.
        }
    }

    public async Task AddAsync(object entity)
    {
        await using var context = Get<IGitsteadDb>().Create();
        context.Add(entity);
        await context.SaveChangesAsync();
    }
}
