using System.Diagnostics;
using Gitstead.CodeCommit.Repositories;
using Xunit;

namespace Gitstead.UnitTests.Git;

/// <summary>
/// Lock files a git killed with its machine leaves behind are removed once they are old and no
/// process works in the repository; a young lock, or one while a process works there, is kept.
/// </summary>
public sealed class StaleLockRecoveryTests : IDisposable
{
    private readonly TemporaryRepository _repository = TemporaryRepository.Create();

    [Fact]
    public void RemoveStaleLocks_OldLocksAndNoProcess_RemovesThemAndKeepsYoungOnes()
    {
        var old = DateTime.UtcNow.AddHours(-1);
        var refLock = Lock(Path.Combine("refs", "heads", "main.lock"), old);
        var packedRefs = Lock("packed-refs.lock", old);
        var midx = Lock(Path.Combine("objects", "pack", "multi-pack-index.lock"), old);
        var young = Lock(Path.Combine("refs", "heads", "dev.lock"), DateTime.UtcNow);

        var removed = RepositoryMaintenance.RemoveStaleLocks(_repository.Path, DateTimeOffset.UtcNow - RepositoryMaintenance.StaleLockAge, _ => false);

        Assert.Equal(3, removed.Count);
        Assert.False(File.Exists(refLock) || File.Exists(packedRefs) || File.Exists(midx));
        Assert.True(File.Exists(young));
    }

    [Fact]
    public void RemoveStaleLocks_WhileAProcessWorksInTheRepository_RemovesNothing()
    {
        var refLock = Lock(Path.Combine("refs", "heads", "main.lock"), DateTime.UtcNow.AddHours(-1));
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "60") { WorkingDirectory = _repository.Path })!;
        try
        {
            var inUse = RepositoryMaintenance.HasProcessWorkingIn(_repository.Path);
            var removed = RepositoryMaintenance.RemoveStaleLocks(_repository.Path, DateTimeOffset.UtcNow, RepositoryMaintenance.HasProcessWorkingIn);

            Assert.True(inUse);
            Assert.Empty(removed);
            Assert.True(File.Exists(refLock));
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }

        Assert.False(RepositoryMaintenance.HasProcessWorkingIn(_repository.Path));
    }

    [Fact]
    public void RemoveStaleLocks_UnderTheMaintenanceLease_RemovesYoungMaintenanceLocksButNotYoungRefLocks()
    {
        var midx = Lock(Path.Combine("objects", "pack", "multi-pack-index.lock"), DateTime.UtcNow);
        var graph = Lock(Path.Combine("objects", "info", "commit-graphs", "commit-graph-chain.lock"), DateTime.UtcNow);
        var refLock = Lock(Path.Combine("refs", "heads", "main.lock"), DateTime.UtcNow);
        var olderThan = DateTimeOffset.UtcNow - RepositoryMaintenance.StaleLockAge;

        var withoutLease = RepositoryMaintenance.RemoveStaleLocks(_repository.Path, olderThan, _ => false);
        Assert.Empty(withoutLease);

        using (var lease = MaintenanceLease.TryTake(_repository.Path))
        {
            Assert.NotNull(lease);
            var removed = RepositoryMaintenance.RemoveStaleLocks(_repository.Path, olderThan, _ => false, maintenanceLeaseHeld: true);
            Assert.Equal(2, removed.Count);
        }

        Assert.False(File.Exists(midx) || File.Exists(graph));
        Assert.True(File.Exists(refLock));
    }

    [Fact]
    public void MaintenanceLease_HeldByAnotherProcess_CannotBeTaken_AndIsFreeOnceThatProcessDies()
    {
        var lease = Path.Combine(_repository.Path, MaintenanceLease.FileName);
        File.WriteAllText(lease, "");
        // util-linux flock(1): the lock another server process's maintenance would hold, until it is killed.
        using var holder = Process.Start(new ProcessStartInfo("flock", ["--exclusive", "--close", lease, "sleep", "60"]))!;
        try
        {
            Assert.True(SpinWait.SpinUntil(() => !CanLock(lease), TimeSpan.FromSeconds(10)), "flock(1) never took the lease");
            Assert.Null(MaintenanceLease.TryTake(_repository.Path));
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            holder.WaitForExit();
        }

        // The kernel releases a killed holder's lock as the process ends.
        MaintenanceLease? taken = null;
        Assert.True(SpinWait.SpinUntil(() => (taken = MaintenanceLease.TryTake(_repository.Path)) is not null, TimeSpan.FromSeconds(10)), "the lease stayed held after its holder was killed");
        using var held = taken;
        Assert.False(CanLock(lease), "the lease this process holds did not keep flock(1) out");
    }

    public void Dispose() => _repository.Dispose();

    private static bool CanLock(string path)
    {
        using var probe = Process.Start(new ProcessStartInfo("flock", ["--nonblock", "--exclusive", path, "true"]))!;
        probe.WaitForExit();
        return probe.ExitCode == 0;
    }

    private string Lock(string relative, DateTime written)
    {
        var path = Path.Combine(_repository.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        File.SetLastWriteTimeUtc(path, written);
        return path;
    }
}
