namespace Gitstead.Hosting;

/// <summary>
/// The GC heap's start-up cap, lifted. The build gives the runtime a 128 MB hard limit
/// (<c>System.GC.HeapHardLimit</c> in the project) because the runtime sizes its gen0 budget once,
/// at start, from that limit: about 10 MB, where without a limit it is sized from the CPU cache
/// (up to 200 MB on a machine with a large L3) and the resident set grows by that much. A limit
/// that stays is a cliff, though: a burst whose live objects pass 128 MB fails with
/// OutOfMemoryException instead of slowing down. So the first thing the process does is raise the
/// limit to what the runtime would choose on its own in a container (75 % of the memory the
/// machine or the container gives the process); the gen0 budget stays as it was sized.
/// </summary>
/// <remarks>
/// The heap's address range (<c>System.GC.RegionRange</c>, also in the project) is reserved at
/// start as it is without a limit; the raised limit is kept within half of it. An operator's own
/// <c>DOTNET_GCHeapHardLimit</c> or <c>DOTNET_GCHeapHardLimitPercent</c> is left as given.
/// </remarks>
internal static class GcHeapLimit
{
    /// <summary>The share of the process's memory the lifted limit allows, as the runtime's container default.</summary>
    public const ulong Percent = 75;

    /// <summary>Half of the 256 GB address range the project reserves for the heap.</summary>
    private const ulong MostAllowed = 128UL << 30;

    public static void Lift()
    {
        if (OperatorSet("GCHeapHardLimit") || OperatorSet("GCHeapHardLimitPercent"))
        {
            return;
        }

        AppContext.SetData("GCHeapHardLimit", 0UL);
        AppContext.SetData("GCHeapHardLimitPercent", Percent);
        GC.RefreshMemoryLimit();
        if ((ulong)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes > MostAllowed)
        {
            AppContext.SetData("GCHeapHardLimit", MostAllowed);
            GC.RefreshMemoryLimit();
        }
    }

    private static bool OperatorSet(string name) =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_" + name))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("COMPlus_" + name));
}
