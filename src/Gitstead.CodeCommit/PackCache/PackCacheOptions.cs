namespace Gitstead.CodeCommit.PackCache;

/// <summary>
/// The cache of packs that identical fetches share (section <c>Gitstead:PackCache</c>;
/// DESIGN.md decision 12): one <c>git pack-objects</c> per distinct request, its output kept on
/// disk for <see cref="MaxAge"/> and within <see cref="MaxBytes"/>.
/// </summary>
public sealed class PackCacheOptions
{
    /// <summary>False runs <c>pack-objects</c> for every fetch, as git does on its own.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a finished pack is served after it was made (a ref change ends it sooner).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The disk the cached packs may take in all; the oldest go first when it is full.</summary>
    public long MaxBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>
    /// Where the packs are written; <c>DATA_DIR/pack-cache</c> when unset. Each server process
    /// uses its own subdirectory, so nodes sharing a data directory never read each other's
    /// half-written packs; a node-local disk is faster when the data directory is shared.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>
    /// The perl that runs the hook git calls (<c>uploadpack.packObjectsHook</c>). perl-base is
    /// Essential on Debian and Debian's git depends on perl; without it the cache stays off.
    /// </summary>
    public string PerlPath { get; set; } = "/usr/bin/perl";
}
