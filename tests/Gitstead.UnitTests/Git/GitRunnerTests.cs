using System.Diagnostics;
using System.Text;
using Gitstead.CodeCommit.Git;
using Xunit;

namespace Gitstead.UnitTests.Git;

public sealed class GitRunnerTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private readonly TemporaryRepository _repository = TemporaryRepository.Create();

    public void Dispose() => _repository.Dispose();

    private GitInvocation CatFileBatch() => GitInvocation.InRepository(_repository.Path, ["cat-file", "--batch"], []);

    [Fact]
    public async Task RunToBytesAsync_EveryByteValueThroughStdinAndStdout_ArrivesUnchanged()
    {
        // Arrange
        byte[] content = [0, 0, .. Enumerable.Range(0, 256).Select(b => (byte)b), 0, (byte)'\n', 0xff, 0];
        var write = GitInvocation.InRepository(_repository.Path, ["hash-object", "-w", "--stdin"], []) with { Input = content };

        // Act
        var id = Encoding.ASCII.GetString((await GitRunner.RunToBytesAsync(write, 1024, CancellationToken.None)).Expect("hash-object")).Trim();
        var read = await GitRunner.RunToBytesAsync(
            GitInvocation.InRepository(_repository.Path, ["cat-file", "blob"], [id]), 1024, CancellationToken.None);

        // Assert
        Assert.Equal(TemporaryRepository.ObjectId("blob", content), id);
        Assert.Equal(content, read.Expect("cat-file"));
    }

    [Fact]
    public async Task RunAsync_MegabytesInAndOutAtOnce_CompletesWithEveryByte()
    {
        // Arrange: cat-file --buffer writes its answers while it still reads names, so a runner that
        // wrote all of stdin before reading stdout would block on a full pipe.
        var blob = _repository.WriteBlob(Enumerable.Range(0, 100).Select(i => (byte)i).ToArray());
        const int Requests = 100_000;
        var names = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(blob + "\n", Requests)));
        var answer = $"{blob} blob 100\n".Length + 100 + 1;
        using var input = new MemoryStream(names);
        using var output = new CountingStream();
        var invocation = GitInvocation.InRepository(_repository.Path, ["cat-file", "--batch", "--buffer"], []) with { InputStream = input };

        // Act
        var exit = await GitRunner.RunAsync(invocation, output, CancellationToken.None).WaitAsync(Guard);

        // Assert
        Assert.True(names.Length > 4_000_000);
        Assert.True(exit.Succeeded, exit.StderrTail);
        Assert.Equal((long)answer * Requests, output.Length);
    }

    [Fact]
    public async Task RunToBytesAsync_OutputPastTheCap_KillsGitAndThrows()
    {
        // Arrange: git would wait for more names forever, so only a kill ends it before the timeout.
        var blob = _repository.WriteBlob(new byte[1 << 20]);
        var invocation = CatFileBatch() with { InputStream = new EndlessInput(Encoding.ASCII.GetBytes(blob + "\n")), Timeout = Guard };
        var watch = Stopwatch.StartNew();

        // Act
        var thrown = await Assert.ThrowsAsync<GitOutputTooLargeException>(
            () => GitRunner.RunToBytesAsync(invocation, 64 * 1024, CancellationToken.None).WaitAsync(Guard * 2));

        // Assert
        Assert.Equal(64 * 1024, thrown.Limit);
        Assert.True(watch.Elapsed < Guard / 2, $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task RunToBytesAsync_PastTheTimeout_KillsGitAndThrows()
    {
        // Arrange
        var invocation = CatFileBatch() with { InputStream = new EndlessInput([]), Timeout = TimeSpan.FromMilliseconds(300) };

        // Act
        var thrown = await Assert.ThrowsAsync<GitCommandException>(
            () => GitRunner.RunToBytesAsync(invocation, 1024, CancellationToken.None).WaitAsync(Guard));

        // Assert
        Assert.Contains("did not finish", thrown.Message);
    }

    [Fact]
    public async Task RunAsync_Cancelled_KillsGitAndThrowsOperationCanceled()
    {
        // Arrange
        var invocation = CatFileBatch() with { InputStream = new EndlessInput([]), Timeout = Guard };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        // Act + Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => GitRunner.RunAsync(invocation, Stream.Null, cancel.Token).WaitAsync(Guard));
    }

    [Fact]
    public async Task RunToBytesAsync_IndexFileInEnvironment_BuildsTheTreeThere()
    {
        // Arrange
        var content = "hello\n"u8.ToArray();
        var blob = _repository.WriteBlob(content);
        var index = Path.Combine(_repository.Path, "gitstead-test-index");
        var environment = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = index };
        byte[] entry = [.. "100644 file.txt\0"u8, .. Convert.FromHexString(blob)];

        // Act
        var addInvocation = GitInvocation.InRepository(_repository.Path, ["update-index", "--add", "--cacheinfo"], ["100644," + blob + ",file.txt"]);
        var add = await GitRunner.RunToBytesAsync(addInvocation with { Environment = environment }, 1024, CancellationToken.None);
        var tree = await GitRunner.RunToBytesAsync(
            GitInvocation.InRepository(_repository.Path, ["write-tree"], []) with { Environment = environment }, 1024, CancellationToken.None);

        // Assert
        Assert.True(add.Succeeded, add.StderrTail);
        Assert.Equal(TemporaryRepository.ObjectId("tree", entry), Encoding.ASCII.GetString(tree.Expect("write-tree")).Trim());
        Assert.True(File.Exists(index));
        Assert.False(File.Exists(Path.Combine(_repository.Path, "index")));
    }

    [Fact]
    public async Task RunToBytesAsync_IdentityInEnvironment_IsRecordedInTheCommit()
    {
        // Arrange
        var tree = _repository.WriteTree("");
        var environment = new Dictionary<string, string>
        {
            ["GIT_AUTHOR_NAME"] = "Ada Lovelace",
            ["GIT_AUTHOR_EMAIL"] = "ada@example.com",
            ["GIT_AUTHOR_DATE"] = "1500000000 +0100",
            ["GIT_COMMITTER_NAME"] = "Charles Babbage",
            ["GIT_COMMITTER_EMAIL"] = "charles@example.com",
            ["GIT_COMMITTER_DATE"] = "1600000000 -0500",
        };
        var commitTree = GitInvocation.InRepository(_repository.Path, ["commit-tree"], [tree]);
        var invocation = commitTree with { Environment = environment, Input = "message\n"u8.ToArray() };

        // Act
        var commit = Encoding.ASCII.GetString((await GitRunner.RunToBytesAsync(invocation, 1024, CancellationToken.None)).Expect("commit-tree")).Trim();

        // Assert
        var raw = Encoding.UTF8.GetString(_repository.Show("commit", commit));
        Assert.Contains("\nauthor Ada Lovelace <ada@example.com> 1500000000 +0100\n", raw);
        Assert.Contains("\ncommitter Charles Babbage <charles@example.com> 1600000000 -0500\n", raw);
    }

    [Theory]
    [InlineData("PATH", "/tmp")]
    [InlineData("GIT_CONFIG_GLOBAL", "/tmp/evil")]
    [InlineData("GIT_DIR", "/")]
    [InlineData("git_index_file", "/tmp/index")]
    [InlineData("GIT_AUTHOR_NAME", "Eve\0")]
    [InlineData("GIT_AUTHOR_NAME", "Eve\nparent 0000")]
    public async Task RunAsync_VariableNotAccepted_ThrowsBeforeStartingGit(string name, string value)
    {
        // Arrange
        var version = GitInvocation.InRepository(_repository.Path, ["version"], []);
        var invocation = version with { Environment = new Dictionary<string, string> { [name] = value } };

        // Act + Assert
        await Assert.ThrowsAsync<ArgumentException>(() => GitRunner.RunAsync(invocation, Stream.Null, CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_ValueLikeAnOption_ThrowsBeforeStartingGit()
    {
        // Arrange
        var invocation = GitInvocation.InRepository(_repository.Path, ["cat-file", "-t"], ["--upload-pack=touch /tmp/x"]);

        // Act + Assert
        await Assert.ThrowsAsync<ArgumentException>(() => GitRunner.RunAsync(invocation, Stream.Null, CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_GitFails_ReturnsExitCodeAndStderr()
    {
        // Arrange
        var invocation = GitInvocation.InRepository(_repository.Path, ["cat-file", "-t"], [new string('a', 40)]);

        // Act
        var exit = await GitRunner.RunAsync(invocation, Stream.Null, CancellationToken.None);

        // Assert
        Assert.NotEqual(0, exit.ExitCode);
        Assert.NotEqual("", exit.StderrTail);
    }

    [Fact]
    public async Task RunAsync_TextCommand_StillDecodesStdout()
    {
        // Act
        var result = await GitCommand.InRepositoryAsync(_repository.Path, ["rev-parse", "--is-bare-repository"], [], CancellationToken.None);

        // Assert
        Assert.Equal("true\n", result.Expect("rev-parse"));
    }

    [Fact]
    public async Task RunToBytesAsync_ObjectDirectoryGoneWhenGitWrites_RunsGitAgainBeforeItReportsTheFailure()
    {
        // Arrange: the blob's fan-out directory is a link to nowhere, as if maintenance had just
        // removed it, and stays so: every run fails the same way, and the message says how often git ran.
        byte[] content = [.. "written while repack -d runs\n"u8];
        LoseObjectDirectoryOf(TemporaryRepository.ObjectId("blob", content));
        var write = GitInvocation.InRepository(_repository.Path, ["hash-object", "-w", "--stdin"], []) with { Input = content };

        // Act
        var output = await GitRunner.RunToBytesAsync(write, 1024, CancellationToken.None);

        // Assert
        Assert.False(output.Succeeded);
        Assert.True(GitRunner.LostObjectDirectory(output.StderrTail), output.StderrTail);
        Assert.EndsWith($"(the same in each of {GitRunner.MaxAttempts} attempts)", output.StderrTail);
    }

    [Fact]
    public async Task RunToBytesAsync_ObjectDirectoryGoneWithStreamedInput_ReportsTheFirstFailure()
    {
        // Arrange: a stream cannot be fed twice, so git runs once.
        byte[] content = [.. "streamed, so not replayed\n"u8];
        LoseObjectDirectoryOf(TemporaryRepository.ObjectId("blob", content));
        using var input = new MemoryStream(content);
        var write = GitInvocation.InRepository(_repository.Path, ["hash-object", "-w", "--stdin"], []) with { InputStream = input };

        // Act
        var output = await GitRunner.RunToBytesAsync(write, 1024, CancellationToken.None);

        // Assert
        Assert.False(output.Succeeded);
        Assert.True(GitRunner.LostObjectDirectory(output.StderrTail), output.StderrTail);
        Assert.DoesNotContain("attempts", output.StderrTail);
    }

    [Theory]
    [InlineData("error: unable to create temporary file: No such file or directory\nfatal: failed to write object\n", true)]
    [InlineData("error: unable to create temporary file: No space left on device\n", false)]
    [InlineData("fatal: Not a valid object name HEAD\n", false)]
    [InlineData("", false)]
    public void LostObjectDirectory_OnlyTheVanishedDirectory_IsWorthAnotherRun(string stderr, bool expected) =>
        Assert.Equal(expected, GitRunner.LostObjectDirectory(stderr));

    /// <summary>Makes the fan-out directory of <paramref name="objectId"/> a link to a directory that does not exist.</summary>
    private void LoseObjectDirectoryOf(string objectId)
    {
        var fanOut = Path.Combine(_repository.Path, "objects", objectId[..2]);
        if (Directory.Exists(fanOut))
        {
            Directory.Delete(fanOut, recursive: true);
        }

        File.CreateSymbolicLink(fanOut, Path.Combine(_repository.Path, "gone", objectId[..2]));
    }
}
