using Gitstead.CodeCommit.Git;
using Gitstead.UnitTests.Git;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gitstead.UnitTests.CodeCommit;

/// <summary>
/// A prefix read through the cat-file pool returns an object's header and first bytes: a short
/// rest is read through and the process stays pooled, a long rest ends the process instead.
/// </summary>
public sealed class CatFilePrefixTests : IDisposable
{
    private readonly TemporaryRepository _repository = TemporaryRepository.Create();
    private readonly CatFilePool _pool = new(new FakeTimeProvider(), new CatFilePoolOptions { MaxProcesses = 2, MaxPerRepository = 1 });

    public void Dispose()
    {
        _pool.Dispose();
        _repository.Dispose();
    }

    [Fact]
    public async Task ReadPrefixAsync_RestWithinTheDrainLimit_HeaderAndPrefix_AndTheProcessIsKept()
    {
        // Arrange
        byte[] content = [.. Enumerable.Range(0, 5000).Select(i => (byte)(i % 251))];
        var id = _repository.WriteBlob(content);
        var next = _repository.WriteBlob("next\n"u8.ToArray());

        // Act
        var prefix = await _pool.ReadPrefixAsync(_repository.Path, id, 100, drainLimit: 10_000, CancellationToken.None);
        var open = _pool.OpenProcesses;
        var after = await _pool.ReadAsync(_repository.Path, next, 1024, CancellationToken.None);

        // Assert
        Assert.Equal((id, "blob", 5000L), (prefix!.Header.Id, prefix.Header.Type, prefix.Header.Size));
        Assert.Equal(content[..100], prefix.Prefix);
        Assert.Equal(1, open);
        Assert.Equal("next\n"u8.ToArray(), after!.Content);
        Assert.Equal(1, _pool.PeakOpenProcesses);
    }

    [Fact]
    public async Task ReadPrefixAsync_RestPastTheDrainLimit_TheProcessEnds_AndTheNextReadStartsAnother()
    {
        // Arrange
        var content = new byte[200_000];
        new Random(1).NextBytes(content);
        var id = _repository.WriteBlob(content);

        // Act
        var prefix = await _pool.ReadPrefixAsync(_repository.Path, id, 8000, drainLimit: 1000, CancellationToken.None);
        var open = _pool.OpenProcesses;
        var whole = await _pool.ReadAsync(_repository.Path, id, content.Length, CancellationToken.None);

        // Assert
        Assert.Equal(content.Length, prefix!.Header.Size);
        Assert.Equal(content[..8000], prefix.Prefix);
        Assert.Equal(0, open);
        Assert.Equal(content, whole!.Content);
    }

    [Fact]
    public async Task ReadPrefixAsync_ObjectSmallerThanThePrefix_AllOfIt()
    {
        // Arrange
        var id = _repository.WriteBlob("tiny"u8.ToArray());

        // Act
        var prefix = await _pool.ReadPrefixAsync(_repository.Path, id, 8000, drainLimit: 0, CancellationToken.None);

        // Assert
        Assert.Equal("tiny"u8.ToArray(), prefix!.Prefix);
        Assert.Equal(1, _pool.OpenProcesses);
    }

    [Fact]
    public async Task ReadPrefixAsync_NoSuchObject_Null()
    {
        // Act
        var prefix = await _pool.ReadPrefixAsync(_repository.Path, new string('0', 40), 10, 0, CancellationToken.None);

        // Assert
        Assert.Null(prefix);
        Assert.Equal(1, _pool.OpenProcesses);
    }
}
