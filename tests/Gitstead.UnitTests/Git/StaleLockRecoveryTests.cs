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

    public void Dispose() => _repository.Dispose();

    private string Lock(string relative, DateTime written)
    {
        var path = Path.Combine(_repository.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        File.SetLastWriteTimeUtc(path, written);
        return path;
    }
}
