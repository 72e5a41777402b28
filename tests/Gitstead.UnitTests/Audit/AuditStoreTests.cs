using Gitstead.Audit;
using Gitstead.Aws;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gitstead.UnitTests.Audit;

/// <summary>The audit store over a fresh SQLite database: chunks written, looked up, moved in and expired.</summary>
public sealed class AuditStoreTests : IAsyncLifetime
{
    private const string Account = "123456789012";
    private const string Other = "210987654321";
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("gitstead-audit-").FullName;
    private ServiceProvider _services = null!;

    private AuditStore Store => _services.GetRequiredService<AuditStore>();

    public async Task InitializeAsync()
    {
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDir"] = _dir })
                .Build())
            .AddLogging()
            .AddGitsteadStorage()
            .AddSingleton<AuditStore>()
            .BuildServiceProvider();
        await _services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static AuditEvent Event(double seconds, string user, string name = "GetUser", string account = Account, string? repository = null) => new()
    {
        EventTime = T0.AddSeconds(seconds),
        EventSource = repository is null ? "iam.amazonaws.com" : "codecommit.amazonaws.com",
        EventName = name,
        AwsRegion = "us-east-1",
        UserIdentity = new AuditIdentity("IAMUser", "AIDA" + user.ToUpperInvariant(), $"arn:aws:iam::{account}:user/{user}", account, "AKIA" + user.ToUpperInvariant(), user),
        ReadOnly = name.StartsWith("Get", StringComparison.Ordinal),
        Resources = repository is null ? [] : [new AuditResource("AWS::CodeCommit::Repository", repository, null)],
    };

    private static StoredEvent Stored(AuditEvent e, string record) => new(
        e.RecipientAccountId ?? "", e.AwsRegion, e.EventTime.UtcDateTime, e.EventId, e.EventName, e.EventSource, e.ReadOnly,
        e.UserIdentity.UserName, e.UserIdentity.AccessKeyId, e.Resources.FirstOrDefault()?.Type, e.Resources.FirstOrDefault()?.Name, record);

    /// <summary>Stores the events as the writer does: each added to a batch with its record, the batch sealed into chunks.</summary>
    private Task InsertAsync(params AuditEvent[] events)
    {
        var batch = new AuditBatch();
        foreach (var e in events)
        {
            batch.Add(e, System.Text.Encoding.UTF8.GetBytes(e.ToRecordJson()));
        }

        return Store.InsertAsync(batch.Seal(), CancellationToken.None);
    }

    private async Task<List<StoredEvent>> AllPagesAsync(string? key, string? value, int max, DateTime? start = null, DateTime? end = null, string account = Account)
    {
        var events = new List<StoredEvent>();
        AuditCursor? after = null;
        for (var pages = 0; pages < 1000; pages++)
        {
            var (page, next) = await Store.LookupAsync(new AuditQuery(account, "us-east-1", key, value, start, end, max, after), CancellationToken.None);
            Assert.True(page.Count <= max);
            events.AddRange(page.Select(p => p.Event));
            if (next is null)
            {
                return events;
            }

            Assert.Equal(max, page.Count);
            after = next;
        }

        throw new InvalidOperationException("paging did not end");
    }

    [Fact]
    public async Task Lookup_PagesNewestFirst_AcrossChunksThatOverlapInTime()
    {
        // Arrange: two writers' batches interleave in time (two nodes on one database), and
        // three events share one instant.
        var first = Enumerable.Range(0, 40).Select(i => Event(i * 2, "alice")).ToArray();
        var second = Enumerable.Range(0, 40).Select(i => Event((i * 2) + 1, "bob")).Append(Event(10, "carol")).Append(Event(10, "dave")).ToArray();
        await InsertAsync(first);
        await InsertAsync(second);
        var expected = first.Concat(second).OrderByDescending(e => e.EventTime).Select(e => e.EventId).ToList();

        // Act
        var paged = await AllPagesAsync(null, null, max: 7);

        // Assert: every event once, newest first, whatever the page size.
        Assert.Equal(expected.Count, paged.Count);
        Assert.Equal(expected.ToHashSet(), paged.Select(e => e.EventId).ToHashSet());
        Assert.Equal(paged.OrderByDescending(e => e.EventTime).Select(e => e.EventId), paged.Select(e => e.EventId));
        Assert.Equal(expected.Count, (await AllPagesAsync(null, null, max: 50)).Count);
    }

    [Fact]
    public async Task Lookup_ByAttribute_FindsOnlyMatchingEvents_OfTheCallersAccount()
    {
        // Arrange
        await InsertAsync(
            Event(1, "alice", "GetRepository", repository: "web"), Event(2, "bob", "CreateRepository", repository: "api"),
            Event(3, "alice", "DeleteRepository", repository: "api"), Event(4, "alice", "GetUser", account: Other));

        // Act
        var alice = await AllPagesAsync("Username", "alice", 50);
        var api = await AllPagesAsync("ResourceName", "api", 50);
        var writes = await AllPagesAsync("ReadOnly", "false", 50);
        var creates = await AllPagesAsync("EventName", "CreateRepository", 50);
        var otherAccount = await AllPagesAsync(null, null, 50, account: Other);

        // Assert
        Assert.Equal(["DeleteRepository", "GetRepository"], alice.Select(e => e.EventName));
        Assert.Equal(["DeleteRepository", "CreateRepository"], api.Select(e => e.EventName));
        Assert.Equal(["DeleteRepository", "CreateRepository"], writes.Select(e => e.EventName));
        Assert.Equal(["bob"], creates.Select(e => e.Username));
        Assert.Equal([Other], otherAccount.Select(e => e.AccountId));
        Assert.Empty(await AllPagesAsync("Username", "nobody", 50));
    }

    [Fact]
    public async Task Lookup_ByEventId_FindsTheEvent_AndItsTimeIsInTheId()
    {
        // Arrange: events minutes apart land in different chunks.
        var events = Enumerable.Range(0, 6).Select(i => Event(i * 150, "alice")).ToArray();
        await InsertAsync(events);

        // Act
        var found = await AllPagesAsync("EventId", events[2].EventId, 50);

        // Assert
        Assert.Equal(events[2].EventTime.UtcDateTime, AuditChunks.EventIdTime(events[2].EventId));
        Assert.Equal([events[2].EventId], found.Select(e => e.EventId));
        Assert.Empty(await AllPagesAsync("EventId", Guid.CreateVersion7(T0).ToString(), 50));
        Assert.Empty(await AllPagesAsync("EventId", "not-an-id", 50));
    }

    [Fact]
    public async Task Lookup_TimeRange_IsInclusive_AndRecordsRoundTrip()
    {
        // Arrange
        var events = Enumerable.Range(0, 10).Select(i => Event(i * 30, "alice")).ToArray();
        await InsertAsync(events);

        // Act
        var range = await AllPagesAsync(null, null, 3, start: events[2].EventTime.UtcDateTime, end: events[5].EventTime.UtcDateTime);

        // Assert
        Assert.Equal(events[2..6].Reverse().Select(e => e.EventId), range.Select(e => e.EventId));
        Assert.Equal(events[5].ToRecordJson(), range[0].Record);
        Assert.Equal("AKIAALICE", range[0].AccessKeyId);
    }

    [Fact]
    public void Build_CutsChunksAtTheLongestSpanAndLargestCount_AndEachDecodesToItsEvents()
    {
        // Arrange: more than a chunk's events within a second, one an hour later, one of another account.
        var events = Enumerable.Range(0, AuditChunks.MaxEvents + 10).Select(i => Stored(Event(i * 0.001, "alice"), $"{{\"n\":{i}}}"))
            .Append(Stored(Event(3600, "alice"), "{}"))
            .Append(Stored(Event(5, "bob", account: Other), "{}"))
            .ToList();

        // Act
        var chunks = AuditChunks.Build(events);

        // Assert
        Assert.Equal([AuditChunks.MaxEvents, 10, 1, 1], chunks.Select(c => c.Count).Order().Reverse());
        Assert.All(chunks, c => Assert.True(c.LastTime - c.FirstTime <= AuditChunks.MaxSpan));
        var decoded = chunks.SelectMany(c => AuditChunks.Decode(c.AccountId, c.Region, c.Events)).ToList();
        Assert.Equal(events.OrderBy(e => e.EventId).ToList(), decoded.OrderBy(e => e.EventId).ToList());
        Assert.All(chunks, c => Assert.All(AuditChunks.Decode(c.AccountId, c.Region, c.Events), e => Assert.InRange(e.EventTime, c.FirstTime, c.LastTime)));
    }

    [Fact]
    public async Task ImportLegacy_MovesRowsIntoChunks_AndTheirRandomIdsStayFindable()
    {
        // Arrange: rows as earlier versions stored them, with random (version 4) event ids.
        var ids = new List<string>();
        await using (var context = _services.GetRequiredService<IGitsteadDb>().Create())
        {
            for (var i = 0; i < 1500; i++)
            {
                var e = Event(i, i % 2 == 0 ? "alice" : "bob") with { EventId = Guid.NewGuid().ToString() };
                ids.Add(e.EventId);
                context.AuditEvents.Add(new AuditEventRecord
                {
                    EventId = e.EventId,
                    AccountId = Account,
                    Region = "us-east-1",
                    EventTime = e.EventTime.UtcDateTime,
                    EventName = e.EventName,
                    EventSource = e.EventSource,
                    ReadOnly = e.ReadOnly,
                    Username = e.UserIdentity.UserName,
                    AccessKeyId = e.UserIdentity.AccessKeyId,
                    Record = e.ToRecordJson(),
                });
            }

            await context.SaveChangesAsync();
        }

        // Act
        var moved = await Store.ImportLegacyAsync(CancellationToken.None);

        // Assert
        Assert.Equal(1500, moved);
        await using (var context = _services.GetRequiredService<IGitsteadDb>().Create())
        {
            Assert.Equal(0, await context.AuditEvents.CountAsync());
        }

        Assert.Equal(750, (await AllPagesAsync("Username", "bob", 50)).Count);
        Assert.Equal([ids[1234]], (await AllPagesAsync("EventId", ids[1234], 50)).Select(e => e.EventId));
        Assert.Equal(0, await Store.ImportLegacyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task DeleteOlderThan_RemovesWhollyExpiredChunks_AndTheirTerms()
    {
        // Arrange: one chunk a day old, one of now.
        await InsertAsync(Event(-86_400, "alice"), Event(-86_399, "alice"));
        await InsertAsync(Event(0, "alice"));

        // Act
        var deleted = await Store.DeleteOlderThanAsync(T0.UtcDateTime.AddHours(-1), CancellationToken.None);

        // Assert
        Assert.Equal(2, deleted);
        Assert.Single(await AllPagesAsync("Username", "alice", 50));
        await using var context = _services.GetRequiredService<IGitsteadDb>().Create();
        var keys = await context.AuditChunks.Select(c => c.Key).ToListAsync();
        Assert.All(await context.AuditChunkTerms.ToListAsync(), t => Assert.Contains(t.ChunkKey, keys));
    }
}
