using System.Diagnostics.Metrics;
using Gitstead.CodeCommit.PackCache;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gitstead.UnitTests.PackCache;

public sealed class CachedPacksTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gitstead-ut-packs-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose()
    {
        _services.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Join_WhileTheWriterWrites_ReaderFollowsTheFileToTheEnd()
    {
        // Arrange
        using var packs = Open(new PackCacheOptions());
        var writer = packs.Join("k", "repo", "refs");
        var reader = packs.Join("k", "repo", "refs");

        // Act
        await writer.Writer!.WriteAsync("PACK"u8.ToArray());
        packs.Append(writer.Pack, 4);
        var (length, state, changed) = packs.Snapshot(reader.Pack);
        await writer.Writer.WriteAsync("data"u8.ToArray());
        packs.Append(writer.Pack, 4);
        packs.Finish(writer.Pack, succeeded: true);

        // Assert
        Assert.Null(reader.Writer);
        Assert.Same(writer.Pack, reader.Pack);
        Assert.Equal((4L, CachedPackState.Writing), (length, state));
        Assert.True(changed.IsCompleted);
        var bytes = new byte[8];
        await reader.Reader.ReadExactlyAsync(bytes);
        Assert.Equal("PACKdata"u8.ToArray(), bytes);
        Assert.Equal(CachedPackState.Complete, packs.Snapshot(reader.Pack).State);
        packs.Leave(writer);
        packs.Leave(reader);
    }

    [Fact]
    public void Join_AfterMaxAge_MakesANewPack()
    {
        // Arrange
        using var packs = Open(new PackCacheOptions { MaxAge = TimeSpan.FromMinutes(5) });
        var first = Finished(packs, "k", "refs", 10);

        // Act
        _time.Advance(TimeSpan.FromMinutes(4));
        var young = packs.Join("k", "repo", "refs");
        _time.Advance(TimeSpan.FromMinutes(2));
        var old = packs.Join("k", "repo", "refs");

        // Assert
        Assert.Same(first.Pack, young.Pack);
        Assert.NotSame(first.Pack, old.Pack);
        Assert.NotNull(old.Writer);
        Assert.False(File.Exists(first.Pack.Path));
    }

    [Fact]
    public void Join_UnderOtherRefs_DropsTheRepositorysPacksMadeBefore()
    {
        // Arrange
        using var packs = Open(new PackCacheOptions());
        var before = Finished(packs, "k1", "refs-before", 10);

        // Act
        var after = packs.Join("k2", "repo", "refs-after");
        var again = packs.Join("k1", "repo", "refs-before");

        // Assert
        Assert.False(before.Pack.Listed);
        Assert.NotNull(after.Writer);
        Assert.NotSame(before.Pack, again.Pack);
    }

    [Fact]
    public void Append_OverTheBudget_EvictsTheOldestAndCounts()
    {
        // Arrange
        var evictions = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PackCacheMetrics.MeterName && instrument.Name == "gitstead.pack_cache.evictions")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref evictions, value));
        listener.Start();
        using var packs = Open(new PackCacheOptions { MaxBytes = 100 });
        var oldest = Finished(packs, "k1", "refs", 60);
        _time.Advance(TimeSpan.FromSeconds(1));

        // Act
        var newest = Finished(packs, "k2", "refs", 60);

        // Assert
        Assert.False(oldest.Pack.Listed);
        Assert.True(newest.Pack.Listed);
        Assert.Equal(60, packs.Bytes);
        Assert.Equal(1, evictions);
        Assert.Equal([newest.Pack.Path], Directory.GetFiles(packs.Directory, "*.pack"));
    }

    [Fact]
    public void Leave_LastReaderOfAnUnfinishedPack_StopsItsWriterAndDropsIt()
    {
        // Arrange
        using var packs = Open(new PackCacheOptions());
        var writer = packs.Join("k", "repo", "refs");
        var reader = packs.Join("k", "repo", "refs");

        // Act
        packs.Leave(writer);
        var stillWanted = !writer.Pack.Producer.IsCancellationRequested;
        packs.Leave(reader);

        // Assert
        Assert.True(stillWanted);
        Assert.True(writer.Pack.Producer.IsCancellationRequested);
        Assert.Equal(CachedPackState.Failed, writer.Pack.State);
        Assert.NotSame(writer.Pack, packs.Join("k", "repo", "refs").Pack);
    }

    [Fact]
    public async Task Finish_Failed_TellsTheReadersHowTheWriterEndedAndDropsThePack()
    {
        // Arrange
        using var packs = Open(new PackCacheOptions());
        var writer = packs.Join("k", "repo", "refs");
        var reader = packs.Join("k", "repo", "refs");
        await writer.Writer!.WriteAsync("0008ERR\n"u8.ToArray());
        packs.Append(writer.Pack, 8);

        // Act
        packs.Finish(writer.Pack, succeeded: false, exitCode: 128, failureDetail: "fatal: not our ref");

        // Assert
        var (length, state, _) = packs.Snapshot(reader.Pack);
        Assert.Equal((8L, CachedPackState.Failed), (length, state));
        Assert.Equal((128, "fatal: not our ref"), (reader.Pack.ExitCode, reader.Pack.FailureDetail));
        Assert.Empty(Directory.GetFiles(packs.Directory, "*.pack"));
        Assert.NotSame(writer.Pack, packs.Join("k", "repo", "refs").Pack);
    }

    [Fact]
    public async Task Drop_APackBeingRead_NobodyJoinsItAndItsReaderReadsOn()
    {
        // Arrange
        using var packs = Open(new PackCacheOptions());
        var lease = Finished(packs, "k", "refs", 10);
        var reader = packs.Join("k", "repo", "refs");

        // Act
        packs.Drop(reader.Pack);
        var next = packs.Join("k", "repo", "refs");

        // Assert
        Assert.NotSame(lease.Pack, next.Pack);
        Assert.NotNull(next.Writer);
        Assert.Equal(10, await reader.Reader.ReadAsync(new byte[16]));
        Assert.Equal(0, packs.Bytes);
    }

    [Fact]
    public void Open_KeepsTheDirectoryOfALiveOwner_WhoseLockAnyoneMayRead()
    {
        // Arrange: a first cache owns its directory under the shared root.
        var first = Open(new PackCacheOptions());
        var owned = Assert.Single(Directory.GetDirectories(_root));

        // Act: another reader opens the owner's lock (as a scan of the data directory does), then
        // a second cache starts on the same root while the first lives.
        var readable = File.ReadAllBytes(Path.Combine(owned, "owner.lock"));
        using var second = Open(new PackCacheOptions());

        // Assert
        Assert.Empty(readable);
        Assert.True(Directory.Exists(owned));
        Assert.Equal(2, Directory.GetDirectories(_root).Length);
        first.Dispose();
    }

    private CachedPacks Open(PackCacheOptions options)
    {
        var packs = new CachedPacks(Options.Create(options), _time, new PackCacheMetrics(_services.GetRequiredService<IMeterFactory>()), NullLogger<CachedPacks>.Instance);
        packs.Open(_root);
        return packs;
    }

    private static CachedPackLease Finished(CachedPacks packs, string key, string refs, int bytes)
    {
        var lease = packs.Join(key, "repo", refs);
        lease.Writer!.Write(new byte[bytes]);
        packs.Append(lease.Pack, bytes);
        packs.Finish(lease.Pack, succeeded: true);
        lease.Writer.Dispose();
        packs.Leave(lease);
        return lease;
    }
}
