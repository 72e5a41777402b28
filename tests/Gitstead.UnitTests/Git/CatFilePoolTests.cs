using System.Text;
using Gitstead.CodeCommit.Git;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gitstead.UnitTests.Git;

public sealed class CatFilePoolTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private readonly TemporaryRepository _repository = TemporaryRepository.Create();
    private readonly FakeTimeProvider _time = new();
    private readonly CatFilePool _pool;

    public CatFilePoolTests() => _pool = new CatFilePool(_time, new CatFilePoolOptions { MaxProcesses = 4, MaxPerRepository = 3 });

    public void Dispose()
    {
        _pool.Dispose();
        _repository.Dispose();
    }

    [Fact]
    public async Task ReadAsync_Blob_ReturnsTypeSizeAndExactBytes()
    {
        // Arrange
        byte[] content = [.. Enumerable.Range(0, 256).Select(b => (byte)b), 0, 0, (byte)'\n'];
        var id = _repository.WriteBlob(content);

        // Act
        var blob = await _pool.ReadAsync(_repository.Path, id, 1024, CancellationToken.None);

        // Assert
        Assert.NotNull(blob);
        Assert.Equal((id, "blob", 259L), (blob.Id, blob.Type, blob.Size));
        Assert.Equal(content, blob.Content);
    }

    [Fact]
    public async Task ReadAsync_CommitTreeAndPath_ReturnWhatGitStored()
    {
        // Arrange
        var blob = _repository.WriteBlob("text\n"u8.ToArray());
        var tree = _repository.WriteTree($"100644 blob {blob}\tdir-file.txt\n");
        var commit = _repository.WriteCommit(tree, "first\n");

        // Act
        var readCommit = await _pool.ReadAsync(_repository.Path, commit, 4096, CancellationToken.None);
        var readTree = await _pool.ReadAsync(_repository.Path, tree, 4096, CancellationToken.None);
        var byPath = await _pool.ReadAsync(_repository.Path, commit + ":dir-file.txt", 4096, CancellationToken.None);

        // Assert
        Assert.Equal("commit", readCommit!.Type);
        Assert.Equal(_repository.Show("commit", commit), readCommit.Content);
        Assert.Equal("tree", readTree!.Type);
        Assert.Equal(_repository.Show("tree", tree), readTree.Content);
        Assert.Equal(blob, byPath!.Id);
        Assert.Equal("text\n"u8.ToArray(), byPath.Content);
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000")]
    [InlineData("HEAD")]
    [InlineData("HEAD:no/such/path")]
    [InlineData("name with spaces")]
    public async Task ReadAsync_NoSuchObject_ReturnsNullAndKeepsTheProcess(string name)
    {
        // Arrange
        var id = _repository.WriteBlob("after\n"u8.ToArray());

        // Act
        var missing = await _pool.ReadAsync(_repository.Path, name, 1024, CancellationToken.None);
        var next = await _pool.ReadAsync(_repository.Path, id, 1024, CancellationToken.None);

        // Assert
        Assert.Null(missing);
        Assert.Equal("after\n"u8.ToArray(), next!.Content);
        Assert.Equal(1, _pool.PeakOpenProcesses);
    }

    [Fact]
    public async Task ReadAsync_ReadsInARow_OneProcessServesThemAll()
    {
        // Arrange: contents ending in LF or not, so a trailing LF left unread would shift the next answer.
        var ids = new[] { "a", "b\n", "", "c\n\n" }.Select(t => (Id: _repository.WriteBlob(Encoding.UTF8.GetBytes(t)), Text: t)).ToList();

        // Act
        List<string> read = [];
        foreach (var (id, _) in ids.Concat(ids))
        {
            read.Add(Encoding.UTF8.GetString((await _pool.ReadAsync(_repository.Path, id, 1024, CancellationToken.None))!.Content));
        }

        // Assert
        Assert.Equal(ids.Concat(ids).Select(i => i.Text), read);
        Assert.Equal((1, 1), (_pool.OpenProcesses, _pool.PeakOpenProcesses));
    }

    [Fact]
    public async Task CopyToAsync_LargeBlob_CopiesExactlyItsBytes()
    {
        // Arrange
        var content = Enumerable.Range(0, 3 << 20).Select(i => (byte)(i * 7)).ToArray();
        var id = _repository.WriteBlob(content);
        using var destination = new MemoryStream();

        // Act
        var header = await _pool.CopyToAsync(_repository.Path, id, destination, CancellationToken.None);
        var after = await _pool.ReadAsync(_repository.Path, id, content.Length, CancellationToken.None);

        // Assert
        Assert.Equal(new GitObjectHeader(id, "blob", content.Length), header);
        Assert.Equal(content, destination.ToArray());
        Assert.Equal(content, after!.Content);
    }

    [Fact]
    public async Task ReadAsync_ManyConcurrentReaders_EachGetsItsObject()
    {
        // Arrange
        var blobs = Enumerable.Range(0, 20).Select(i => Encoding.ASCII.GetBytes(new string((char)('a' + i), 1000 * i))).ToList();
        var ids = blobs.Select(_repository.WriteBlob).ToList();

        // Act
        var reads = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
            (Index: i % 20, Object: await _pool.ReadAsync(_repository.Path, ids[i % 20], 1 << 20, CancellationToken.None)))))
            .WaitAsync(Guard);

        // Assert
        Assert.All(reads, r => Assert.Equal(blobs[r.Index], r.Object!.Content));
        Assert.InRange(_pool.PeakOpenProcesses, 1, 3);
    }

    [Fact]
    public async Task ReadAsync_ManyRepositoriesAtOnce_OpenProcessesStayWithinTheBound()
    {
        // Arrange
        using var pool = new CatFilePool(_time, new CatFilePoolOptions { MaxProcesses = 2, MaxPerRepository = 2 });
        var repositories = Enumerable.Range(0, 5).Select(_ => TemporaryRepository.Create()).ToList();
        try
        {
            var ids = repositories.Select(r => r.WriteBlob(Encoding.ASCII.GetBytes(r.Path))).ToList();

            // Act
            var reads = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
                (Index: i % 5, Object: await pool.ReadAsync(repositories[i % 5].Path, ids[i % 5], 1024, CancellationToken.None)))))
                .WaitAsync(Guard);

            // Assert
            Assert.All(reads, r => Assert.Equal(repositories[r.Index].Path, Encoding.ASCII.GetString(r.Object!.Content)));
            Assert.InRange(pool.PeakOpenProcesses, 1, 2);
            Assert.InRange(pool.OpenProcesses, 1, 2);
        }
        finally
        {
            repositories.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task ReadAsync_OtherRepositoryWhenFull_ClosesTheLeastRecentlyUsedIdleProcess()
    {
        // Arrange
        using var pool = new CatFilePool(_time, new CatFilePoolOptions { MaxProcesses = 1 });
        using var other = TemporaryRepository.Create();
        var first = _repository.WriteBlob("first"u8.ToArray());
        var second = other.WriteBlob("second"u8.ToArray());

        // Act
        var one = await pool.ReadAsync(_repository.Path, first, 1024, CancellationToken.None);
        var two = await pool.ReadAsync(other.Path, second, 1024, CancellationToken.None);
        var three = await pool.ReadAsync(_repository.Path, first, 1024, CancellationToken.None);

        // Assert
        Assert.Equal(["first", "second", "first"], new[] { one, two, three }.Select(o => Encoding.ASCII.GetString(o!.Content)));
        Assert.Equal((1, 1), (pool.OpenProcesses, pool.PeakOpenProcesses));
    }

    [Fact]
    public async Task IdleTimeout_Passed_ClosesTheProcess()
    {
        // Arrange
        var id = _repository.WriteBlob("x"u8.ToArray());
        await _pool.ReadAsync(_repository.Path, id, 1024, CancellationToken.None);

        // Act
        _time.Advance(TimeSpan.FromSeconds(30));
        var afterHalf = _pool.OpenProcesses;
        _time.Advance(TimeSpan.FromSeconds(45));
        var afterMore = _pool.OpenProcesses;
        var again = await _pool.ReadAsync(_repository.Path, id, 1024, CancellationToken.None);

        // Assert
        Assert.Equal((1, 0), (afterHalf, afterMore));
        Assert.Equal("x"u8.ToArray(), again!.Content);
    }

    [Fact]
    public async Task CopyToAsync_CancelledMidObject_KillsTheProcessAndTheNextReadWorks()
    {
        // Arrange
        var large = _repository.WriteBlob(new byte[4 << 20]);
        var small = _repository.WriteBlob("small"u8.ToArray());
        using var cancel = new CancellationTokenSource();
        var output = new PausingOutput(async ct =>
        {
            await cancel.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
        });

        // Act
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _pool.CopyToAsync(_repository.Path, large, output, cancel.Token).WaitAsync(Guard));
        var openAfterCancel = _pool.OpenProcesses;
        var next = await _pool.ReadAsync(_repository.Path, small, 1024, CancellationToken.None);

        // Assert
        Assert.Equal(0, openAfterCancel);
        Assert.InRange(output.Length, 1, (4 << 20) - 1);
        Assert.Equal("small"u8.ToArray(), next!.Content);
    }

    [Fact]
    public async Task CopyToAsync_DestinationFails_RethrowsItsErrorAndDropsTheProcess()
    {
        // Arrange
        var large = _repository.WriteBlob(new byte[1 << 20]);
        var output = new PausingOutput(_ => Task.FromException(new IOException("the client went away")));

        // Act
        var thrown = await Assert.ThrowsAsync<IOException>(() => _pool.CopyToAsync(_repository.Path, large, output, CancellationToken.None));

        // Assert
        Assert.Equal("the client went away", thrown.Message);
        Assert.Equal(0, _pool.OpenProcesses);
    }

    [Fact]
    public async Task ReadAsync_LargerThanTheCap_ThrowsAndTheNextReadWorks()
    {
        // Arrange
        var large = _repository.WriteBlob(new byte[100_000]);
        var small = _repository.WriteBlob("small"u8.ToArray());

        // Act
        var thrown = await Assert.ThrowsAsync<GitOutputTooLargeException>(
            () => _pool.ReadAsync(_repository.Path, large, 99_999, CancellationToken.None));
        var openAfterRefusal = _pool.OpenProcesses;
        var next = await _pool.ReadAsync(_repository.Path, small, 1024, CancellationToken.None);

        // Assert
        Assert.Equal((99_999L, 0), (thrown.Limit, openAfterRefusal));
        Assert.Equal("small"u8.ToArray(), next!.Content);
    }

    [Fact]
    public async Task ReadAsync_ObjectsWrittenAfterTheProcessStarted_AreFound()
    {
        // Arrange
        var before = _repository.WriteBlob("before"u8.ToArray());
        await _pool.ReadAsync(_repository.Path, before, 1024, CancellationToken.None);

        // Act: one new loose object, then one that only a new pack holds (as after a push)
        var loose = _repository.WriteBlob("loose"u8.ToArray());
        var readLoose = await _pool.ReadAsync(_repository.Path, loose, 1024, CancellationToken.None);
        var packed = _repository.WriteBlob("packed"u8.ToArray());
        _repository.Pack(packed);
        var readPacked = await _pool.ReadAsync(_repository.Path, packed, 1024, CancellationToken.None);
        var readBefore = await _pool.ReadAsync(_repository.Path, before, 1024, CancellationToken.None);

        // Assert
        Assert.False(File.Exists(Path.Combine(_repository.Path, "objects", packed[..2], packed[2..])));
        Assert.Single(Directory.GetFiles(Path.Combine(_repository.Path, "objects", "pack"), "*.pack"));
        Assert.Equal(["loose", "packed", "before"], new[] { readLoose, readPacked, readBefore }.Select(o => Encoding.ASCII.GetString(o!.Content)));
        Assert.Equal(1, _pool.PeakOpenProcesses);
    }

    [Fact]
    public async Task Evict_IdleProcess_IsClosed()
    {
        // Arrange
        var id = _repository.WriteBlob("x"u8.ToArray());
        await _pool.ReadAsync(_repository.Path, id, 1024, CancellationToken.None);

        // Act
        _pool.Evict(_repository.Path + "/");

        // Assert
        Assert.Equal(0, _pool.OpenProcesses);
    }

    [Fact]
    public async Task Evict_DuringARead_ClosesThatProcessWhenTheReadEnds()
    {
        // Arrange
        var id = _repository.WriteBlob("content"u8.ToArray());
        var reached = new TaskCompletionSource();
        var resume = new TaskCompletionSource();
        var output = new PausingOutput(async _ =>
        {
            reached.SetResult();
            await resume.Task;
        });
        var reading = _pool.CopyToAsync(_repository.Path, id, output, CancellationToken.None);
        await reached.Task.WaitAsync(Guard);

        // Act
        _pool.Evict(_repository.Path);
        var openWhileReading = _pool.OpenProcesses;
        resume.SetResult();
        var header = await reading.WaitAsync(Guard);

        // Assert
        Assert.Equal((1, 0), (openWhileReading, _pool.OpenProcesses));
        Assert.Equal("content"u8.ToArray(), output.Written);
        Assert.Equal(7, header!.Size);
    }

    [Fact]
    public async Task ReadAsync_RepositoryDeleted_FailsAndDropsItsProcess()
    {
        // Arrange
        var id = _repository.WriteBlob("x"u8.ToArray());
        await _pool.ReadAsync(_repository.Path, id, 1024, CancellationToken.None);
        Directory.Delete(_repository.Path, recursive: true);

        // Act
        await Assert.ThrowsAsync<GitCommandException>(() => _pool.ReadAsync(_repository.Path, id, 1024, CancellationToken.None));

        // Assert
        Assert.Equal(0, _pool.OpenProcesses);
    }

    [Theory]
    [InlineData("")]
    [InlineData("HEAD\nHEAD")]
    [InlineData("HEAD\r")]
    [InlineData("HEAD\0")]
    public async Task ReadAsync_NameCatFileCannotTake_Throws(string name)
    {
        // Act + Assert
        await Assert.ThrowsAsync<ArgumentException>(() => _pool.ReadAsync(_repository.Path, name, 1024, CancellationToken.None));
        Assert.Equal(0, _pool.PeakOpenProcesses);
    }

    [Fact]
    public async Task Dispose_IdleProcesses_AreClosedAndLaterReadsRefused()
    {
        // Arrange
        var pool = new CatFilePool(_time);
        var id = _repository.WriteBlob("x"u8.ToArray());
        await pool.ReadAsync(_repository.Path, id, 1024, CancellationToken.None);

        // Act
        pool.Dispose();

        // Assert
        Assert.Equal(0, pool.OpenProcesses);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.ReadAsync(_repository.Path, id, 1024, CancellationToken.None));
    }
}
