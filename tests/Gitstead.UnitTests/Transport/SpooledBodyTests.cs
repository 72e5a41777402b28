using System.IO.Pipelines;
using System.Security.Cryptography;
using Gitstead.CodeCommit.Git;
using Gitstead.CodeCommit.Transport;
using Gitstead.Storage;
using Gitstead.UnitTests.Git;
using Microsoft.Extensions.Options;
using Xunit;

namespace Gitstead.UnitTests.Transport;

/// <summary>
/// A push's body spooled to disk: read from the client whether or not git reads yet, given
/// back byte for byte, failures passed on after the bytes before them, and no file left.
/// </summary>
public sealed class SpooledBodyTests : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);
    private readonly string _root = Directory.CreateTempSubdirectory("gitstead-spool-").FullName;

    private string SpoolDirectory => Path.Combine(_root, "push-spool");

    [Fact]
    public async Task Body_IsReadWhole_BeforeGitReadsAnything_AndGivenBackAsItCame()
    {
        // Arrange: a pipe holds at most 64 KiB unread, so the client's writes finish only if the spool reads them.
        var data = RandomNumberGenerator.GetBytes((5 * 1024 * 1024) + 123);
        var client = new Pipe();
        await using var spooled = Spool().Start(client.Reader.AsStream(), CancellationToken.None);

        // Act
        await client.Writer.WriteAsync(data).AsTask().WaitAsync(s_limit);
        await client.Writer.CompleteAsync();
        var read = new MemoryStream();
        await spooled.Reader.CopyToAsync(read).WaitAsync(s_limit);

        // Assert
        Assert.Equal(data, read.ToArray());
        Assert.Null(spooled.SpoolFailure);
        Assert.Empty(Directory.EnumerateFileSystemEntries(SpoolDirectory));
    }

    [Fact]
    public async Task Reader_WaitsForBytesThatHaveNotArrived()
    {
        // Arrange
        var client = new Pipe();
        await using var spooled = Spool().Start(client.Reader.AsStream(), CancellationToken.None);
        var buffer = new byte[100];

        // Act
        var reading = spooled.Reader.ReadAsync(buffer).AsTask();
        await Task.Delay(50);
        var waited = !reading.IsCompleted;
        await client.Writer.WriteAsync("0009done\n"u8.ToArray());
        var read = await reading.WaitAsync(s_limit);
        await client.Writer.CompleteAsync();
        var end = await spooled.Reader.ReadAsync(buffer).AsTask().WaitAsync(s_limit);

        // Assert
        Assert.True(waited);
        Assert.Equal("0009done\n"u8.ToArray(), buffer[..read]);
        Assert.Equal(0, end);
    }

    [Fact]
    public async Task ClientFailure_ReachesGit_AfterTheBytesBeforeIt()
    {
        // Arrange
        var data = RandomNumberGenerator.GetBytes(200_000);
        var client = new Pipe();
        await using var spooled = Spool().Start(client.Reader.AsStream(), CancellationToken.None);
        await client.Writer.WriteAsync(data);
        await client.Writer.CompleteAsync(new IOException("the client went away"));

        // Act
        var read = new MemoryStream();
        var failure = await Assert.ThrowsAsync<IOException>(() => spooled.Reader.CopyToAsync(read).WaitAsync(s_limit));

        // Assert
        Assert.Equal("the client went away", failure.Message);
        Assert.Equal(data, read.ToArray());
    }

    [Fact]
    public async Task Dispose_StopsReadingAClientThatSendsNothingMore()
    {
        // Arrange
        var spooled = Spool().Start(new EndlessInput("0000"u8.ToArray()), CancellationToken.None);
        var buffer = new byte[4];
        var read = await spooled.Reader.ReadAsync(buffer).AsTask().WaitAsync(s_limit);

        // Act
        var disposed = spooled.DisposeAsync().AsTask().WaitAsync(s_limit);

        // Assert
        await disposed;
        Assert.Equal(4, read);
    }

    [Fact]
    public async Task SpoolDirectoryThatCannotBeMade_GitReadsTheClientDirectly()
    {
        // Arrange: a file where the directory should be.
        var notADirectory = Path.Combine(_root, "a-file");
        await File.WriteAllTextAsync(notADirectory, "x");
        var data = RandomNumberGenerator.GetBytes(300_000);
        await using var spooled = Spool(notADirectory).Start(new MemoryStream(data), CancellationToken.None);

        // Act
        var read = new MemoryStream();
        await spooled.Reader.CopyToAsync(read).WaitAsync(s_limit);

        // Assert
        Assert.Equal(data, read.ToArray());
        Assert.IsType<IOException>(spooled.SpoolFailure, exactMatch: false);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private PushSpool Spool(string? directory = null) =>
        new(Options.Create(new GitProcessOptions { PushSpoolDirectory = directory }), new DataDirectory(_root));
}
