using System.Diagnostics.Metrics;

namespace Gitstead.CodeCommit.PackCache;

/// <summary>
/// The pack cache's counters (meter <c>Gitstead.PackCache</c>), for <c>dotnet-counters</c> or an
/// OpenTelemetry exporter: how many fetches found their pack made or being made (hits), how
/// many started pack-objects (misses), the bytes hits were sent from the cache, and evictions.
/// </summary>
internal sealed class PackCacheMetrics
{
    public const string MeterName = "Gitstead.PackCache";

    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;
    private readonly Counter<long> _bytesServed;
    private readonly Counter<long> _evictions;

    public PackCacheMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _hits = meter.CreateCounter<long>("gitstead.pack_cache.hits", "{fetch}", "Fetches served a pack another fetch made or is making.");
        _misses = meter.CreateCounter<long>("gitstead.pack_cache.misses", "{fetch}", "Fetches that ran pack-objects.");
        _bytesServed = meter.CreateCounter<long>("gitstead.pack_cache.served", "By", "Pack bytes sent to hits from the cache.");
        _evictions = meter.CreateCounter<long>("gitstead.pack_cache.evictions", "{pack}", "Packs dropped to stay within the disk budget.");
    }

    public void Hit() => _hits.Add(1);

    public void Miss() => _misses.Add(1);

    public void Served(long bytes) => _bytesServed.Add(bytes);

    public void Evicted() => _evictions.Add(1);
}
