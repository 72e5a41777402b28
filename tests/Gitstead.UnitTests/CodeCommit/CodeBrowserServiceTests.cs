using System.Text;
using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using Xunit;

namespace Gitstead.UnitTests.CodeCommit;

/// <summary>
/// What the console's code browser calls: histories, references, raw file bytes, the binary
/// test and a commit's diffs, through the real services over a repository the real git wrote,
/// each compared with what git itself says of the same objects.
/// </summary>
public sealed class CodeBrowserServiceTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private CodeCommitHarness _harness = null!;
    private BareRepositoryWriter _git = null!;

    public async Task InitializeAsync()
    {
        _harness = await CodeCommitHarness.CreateAsync();
        var created = await _harness.Get<RepositoryService>().CreateAsync(_harness.Root, new NewRepository("demo"), None);
        _git = new BareRepositoryWriter(Path.Combine(_harness.RepositoriesDir, created.RepositoryId + ".git"));
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task ListHistoryAsync_PagesWalkedToTheEnd_EveryCommitOnceInRevListOrder()
    {
        // Arrange
        var tip = CommitChain(7);
        var service = _harness.Get<CommitService>();

        // Act
        var seen = new List<CommitInfo>();
        var page = await service.ListHistoryAsync(_harness.Root, "demo", "main", PageRequest.First(3), None);
        seen.AddRange(page.Items);
        var pages = 1;
        while (page.NextToken is { } token)
        {
            page = await service.ListHistoryAsync(_harness.Root, "demo", "main", new PageRequest(token, 3), None);
            seen.AddRange(page.Items);
            pages++;
        }

        // Assert
        Assert.Equal(_git.Text("rev-list", tip).Split('\n'), seen.Select(c => c.CommitId));
        Assert.Equal(3, pages);
        Assert.Equal("commit 6\n", seen[0].Message);
        Assert.Equal(_git.Text("log", "-1", "--format=%an %ae %ad", "--date=raw", tip), $"{seen[0].Author!.Name} {seen[0].Author!.Email} {seen[0].Author!.Date}");
        Assert.Equal(long.Parse(_git.Text("log", "-1", "--format=%at", tip)), seen[0].Author!.Time!.Value.ToUnixTimeSeconds());
    }

    [Theory]
    [InlineData("1700000000 +0000", "2023-11-14T22:13:20+00:00")]
    [InlineData("1484167798 -0800", "2017-01-11T12:49:58-08:00")]
    [InlineData("1484167798 +0530", "2017-01-12T02:19:58+05:30")]
    [InlineData("yesterday", null)]
    [InlineData("1484167798 +9900", null)]
    public void CommitPersonTime_GitsRawDate_ThePointInTimeAtItsOffset(string raw, string? expected)
    {
        // Act
        var time = new CommitPerson("n", "e", raw).Time;

        // Assert
        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), time);
        Assert.Equal(expected, time?.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ListHistoryAsync_BranchMovesBetweenPages_TheTokenContinuesTheFirstHistory()
    {
        // Arrange
        var tip = CommitChain(4);
        var service = _harness.Get<CommitService>();
        var first = await service.ListHistoryAsync(_harness.Root, "demo", "main", PageRequest.First(2), None);
        var tree = _git.Text("rev-parse", tip + "^{tree}");
        _git.SetRef("refs/heads/main", _git.Commit(tree, "moved on\n", tip));

        // Act
        var second = await service.ListHistoryAsync(_harness.Root, "demo", "main", new PageRequest(first.NextToken, 2), None);

        // Assert
        Assert.Equal(_git.Text("rev-list", "--skip=2", tip).Split('\n'), second.Items.Select(c => c.CommitId));
        Assert.Null(second.NextToken);
    }

    [Theory]
    [InlineData("not a token")]
    [InlineData("eyJTdGFydCI6ImFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWEiLCJTa2lwIjoyfQ")]
    public async Task ListHistoryAsync_TokenItDidNotIssue_InvalidContinuationToken(string token)
    {
        // Arrange: the second token is well formed but names a commit the repository does not have.
        CommitChain(2);

        // Act
        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _harness.Get<CommitService>().ListHistoryAsync(_harness.Root, "demo", "main", new PageRequest(token, 2), None));

        // Assert
        Assert.Equal("InvalidContinuationTokenException", error.Code);
    }

    [Fact]
    public async Task ListTagsAsync_LightweightAnnotatedAndBlobTags_TargetsAsGitPeelsThem()
    {
        // Arrange
        var tip = CommitChain(2);
        var blob = _git.Blob("not a commit");
        _git.SetRef("refs/tags/light", tip);
        _git.SetRef("refs/tags/v1.0", _git.AnnotatedTag("v1.0", _git.Text("rev-parse", tip + "~1"), "commit"));
        _git.SetRef("refs/tags/on-a-blob", blob);

        // Act
        var tags = await _harness.Get<ReferenceService>().ListTagsAsync(_harness.Root, "demo", PageRequest.First(10), None);

        // Assert
        Assert.Equal(["light", "on-a-blob", "v1.0"], tags.Items.Select(t => t.Name));
        Assert.Equal(tip, tags.Items[0].CommitId);
        Assert.Null(tags.Items[1].CommitId);
        Assert.Equal(_git.Text("rev-parse", "v1.0^{commit}"), tags.Items[2].CommitId);
        Assert.Equal(_git.Text("rev-parse", "refs/tags/v1.0"), tags.Items[2].ObjectId);
    }

    [Fact]
    public async Task ListBranchesAsync_MoreBranchesThanAPage_AllTipsOverTwoPages()
    {
        // Arrange
        var tip = CommitChain(3);
        _git.SetRef("refs/heads/feature/a", tip + "~1");
        _git.SetRef("refs/heads/feature/b", tip + "~2");
        var service = _harness.Get<ReferenceService>();

        // Act
        var first = await service.ListBranchesAsync(_harness.Root, "demo", PageRequest.First(2), None);
        var second = await service.ListBranchesAsync(_harness.Root, "demo", new PageRequest(first.NextToken, 2), None);

        // Assert
        var expected = _git.Text("for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads/").Split('\n').Order(StringComparer.Ordinal);
        Assert.Equal(expected, first.Items.Concat(second.Items).Select(b => $"{b.Name} {b.CommitId}"));
        Assert.Null(second.NextToken);
    }

    [Fact]
    public async Task CopyFileAsync_FileOverTheApiLimit_StreamsEveryByteWhileGetFileRefusesIt()
    {
        // Arrange
        var content = new byte[FileService.MaxContentBytes + 1];
        new Random(7).NextBytes(content);
        CommitFiles(new() { ["big/blob.bin"] = ("100644", _git.Blob(content)) });
        var files = _harness.Get<FileService>();

        // Act
        using var copy = new MemoryStream();
        var copied = await files.CopyFileAsync(_harness.Root, "demo", "main", "/big/blob.bin", copy, None);
        var refused = await Assert.ThrowsAsync<AwsServiceException>(() => files.GetFileAsync(_harness.Root, "demo", "main", "big/blob.bin", None));

        // Assert
        Assert.Equal(content.Length, copied);
        Assert.Equal(_git.Run(null, "cat-file", "blob", "main:big/blob.bin"), copy.ToArray());
        Assert.Equal("FileTooLargeException", refused.Code);
    }

    [Theory]
    [InlineData(7999)]
    [InlineData(8000)]
    [InlineData(-1)]
    public async Task DescribeFileAsync_NulAtAPosition_BinaryExactlyWhenGitSaysSo(int nulAt)
    {
        // Arrange: git's own verdict is its numstat, "-" for a binary file.
        var content = Encoding.ASCII.GetBytes(new string('a', 300_000));
        if (nulAt >= 0)
        {
            content[nulAt] = 0;
        }

        var commit = CommitFiles(new() { ["f.dat"] = ("100644", _git.Blob(content)) });
        var gitSaysBinary = _git.Text("diff-tree", "--numstat", "--root", commit).Split('\n')[^1].StartsWith('-');

        // Act
        var described = await _harness.Get<FileService>().DescribeFileAsync(_harness.Root, "demo", "main", "f.dat", None);
        var again = await _harness.Get<FileService>().DescribeFileAsync(_harness.Root, "demo", commit, "f.dat", None);

        // Assert
        Assert.Equal(gitSaysBinary, described.IsBinary);
        Assert.Equal(nulAt is >= 0 and < 8000, described.IsBinary);
        Assert.Equal(content.Length, described.FileSize);
        Assert.Equal(described, again);
    }

    [Fact]
    public async Task DescribeBlobAsync_BlobOfMegabytes_SizeAsGitSays_AndLaterReadsStillWork()
    {
        // Arrange
        var large = _git.Blob(new byte[3_000_000]);
        var small = _git.Blob("small\n");
        var files = _harness.Get<FileService>();

        // Act
        var described = await files.DescribeBlobAsync(_harness.Root, "demo", large, None);
        var next = await files.GetBlobAsync(_harness.Root, "demo", small, None);

        // Assert
        Assert.Equal(long.Parse(_git.Text("cat-file", "-s", large)), described.Size);
        Assert.True(described.IsBinary);
        Assert.Equal("small\n"u8.ToArray(), next.Content);
    }

    [Fact]
    public async Task GetCommitChangesAsync_TextBinaryLargeRenamedAndDeleted_EachAsGitWouldShowIt()
    {
        // Arrange
        var guide = _git.Blob("line one\nline two\n");
        var parent = CommitFiles(new()
        {
            ["docs/guide.md"] = ("100644", guide),
            ["src/main.c"] = ("100644", _git.Blob("int main() { return 0; }\n")),
            ["logo.png"] = ("100644", _git.Blob([137, 80, 78, 71, 0, 0, 1])),
            ["data.txt"] = ("100644", _git.Blob("small\n")),
            ["gone.txt"] = ("100644", _git.Blob("bye\n")),
        });
        var commit = CommitFiles(new()
        {
            ["docs/manual.md"] = ("100644", guide),
            ["src/main.c"] = ("100644", _git.Blob("int main() { return 1; }\n")),
            ["logo.png"] = ("100644", _git.Blob([137, 80, 78, 71, 0, 0, 2])),
            ["data.txt"] = ("100644", _git.Blob(new string('x', 5000) + "\n")),
        }, parent);

        // Act
        var changes = await _harness.Get<DifferenceService>().GetCommitChangesAsync(_harness.Root, "demo", "main", 4096, None);

        // Assert
        var byPath = changes.Files.ToDictionary(f => (f.After ?? f.Before)!.Path);
        Assert.Equal((commit, parent), (changes.CommitId, changes.ParentId));
        Assert.Equal(["data.txt", "docs/guide.md", "docs/manual.md", "gone.txt", "logo.png", "src/main.c"], byPath.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(GitPatch(parent, commit, "src/main.c"), byPath["src/main.c"].Patch);
        Assert.Equal(DiffRendering.Text, byPath["src/main.c"].Rendering);
        Assert.Equal(DiffRendering.Binary, byPath["logo.png"].Rendering);
        Assert.Equal(DiffRendering.TooLarge, byPath["data.txt"].Rendering);
        Assert.Null(byPath["data.txt"].Patch);
        Assert.Equal((ChangeType.Deleted, ChangeType.Added), (byPath["docs/guide.md"].ChangeType, byPath["docs/manual.md"].ChangeType));
        Assert.Equal(GitPatch(parent, commit, "gone.txt"), byPath["gone.txt"].Patch);
    }

    [Fact]
    public async Task GetCommitChangesAsync_RootCommit_EveryFileAdded()
    {
        // Arrange
        var root = CommitFiles(new() { ["a.txt"] = ("100644", _git.Blob("a\n")), ["b/c.txt"] = ("100755", _git.Blob("c\n")) });

        // Act
        var changes = await _harness.Get<DifferenceService>().GetCommitChangesAsync(_harness.Root, "demo", root, 4096, None);

        // Assert
        Assert.Null(changes.ParentId);
        Assert.Equal(["a.txt", "b/c.txt"], changes.Files.Select(f => f.After!.Path));
        Assert.All(changes.Files, f => Assert.Equal(ChangeType.Added, f.ChangeType));
        Assert.Equal("100755", changes.Files[1].After!.Mode);
        Assert.Contains("+c\n", changes.Files[1].Patch);
    }

    [Fact]
    public async Task GetComparisonChangesAsync_MergeBaseToSourceOverTwoCommits_EveryChangeWithGitsPatch()
    {
        // Arrange
        var baseCommit = CommitFiles(new() { ["a.txt"] = ("100644", _git.Blob("a\n")), ["b.txt"] = ("100644", _git.Blob("b\n")) });
        var middle = CommitFiles(new() { ["a.txt"] = ("100644", _git.Blob("a\nmore\n")), ["b.txt"] = ("100644", _git.Blob("b\n")) }, baseCommit);
        var source = CommitFiles(new() { ["a.txt"] = ("100644", _git.Blob("a\nmore\n")), ["c.txt"] = ("100644", _git.Blob("c\n")) }, middle);

        // Act
        var changes = await _harness.Get<DifferenceService>().GetComparisonChangesAsync(_harness.Root, "demo", baseCommit, source, 4096, None);

        // Assert
        var byPath = changes.Files.ToDictionary(f => (f.After ?? f.Before)!.Path);
        Assert.Equal((source, baseCommit), (changes.CommitId, changes.ParentId));
        Assert.Equal(["a.txt", "b.txt", "c.txt"], byPath.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(GitPatch(baseCommit, source, "a.txt"), byPath["a.txt"].Patch);
        Assert.Equal((ChangeType.Modified, ChangeType.Deleted, ChangeType.Added), (byPath["a.txt"].ChangeType, byPath["b.txt"].ChangeType, byPath["c.txt"].ChangeType));
    }

    [Fact]
    public async Task GetComparisonChangesAsync_UserAllowedOnlyGetRepository_DeniedGetDifferences()
    {
        // Arrange
        var tip = CommitChain(2);
        var carol = await _harness.UserWithPolicyAsync("carol",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"codecommit:GetRepository","Resource":"*"}]}""");

        // Act
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => _harness.Get<DifferenceService>().GetComparisonChangesAsync(carol, "demo", "main", tip, 100, None));

        // Assert
        Assert.Equal("codecommit:GetDifferences", denied.Action);
    }

    [Fact]
    public async Task ConsoleMethods_UserAllowedOnlyGetRepository_DeniedWithTheirPermissionWhetherOrNotTheRepositoryExists()
    {
        // Arrange
        CommitChain(1);
        var bob = await _harness.UserWithPolicyAsync("bob",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"codecommit:GetRepository","Resource":"*"}]}""");
        var files = _harness.Get<FileService>();
        var calls = new (string Action, Func<string, Task> Call)[]
        {
            ("codecommit:GetTree", r => files.GetTreeAsync(bob, r, "main", "", None)),
            ("codecommit:GetFile", r => files.CopyFileAsync(bob, r, "main", "file.txt", Stream.Null, None)),
            ("codecommit:GetBlob", r => files.DescribeBlobAsync(bob, r, new string('a', 40), None)),
            ("codecommit:GetCommitHistory", r => _harness.Get<CommitService>().ListHistoryAsync(bob, r, "main", PageRequest.First(5), None)),
            ("codecommit:GetReferences", r => _harness.Get<ReferenceService>().ListTagsAsync(bob, r, PageRequest.First(5), None)),
            ("codecommit:GetDifferences", r => _harness.Get<DifferenceService>().GetCommitChangesAsync(bob, r, "main", 100, None)),
        };

        // Act
        var denied = new List<(string Action, string Existing, string Missing)>();
        foreach (var (action, call) in calls)
        {
            var existing = await Assert.ThrowsAsync<AccessDeniedException>(() => call("demo"));
            var missing = await Assert.ThrowsAsync<AccessDeniedException>(() => call("no-such-repository"));
            denied.Add((action, existing.Action, missing.Action));
        }

        // Assert
        Assert.All(denied, d => Assert.Equal((d.Action, d.Action), (d.Existing, d.Missing)));
        Assert.Equal("demo", (await _harness.Get<RepositoryService>().GetAsync(bob, "demo", None)).Name);
    }

    /// <summary><paramref name="count"/> commits on main, each changing file.txt; returns the tip.</summary>
    private string CommitChain(int count)
    {
        string? tip = null;
        for (var i = 0; i < count; i++)
        {
            var tree = _git.Tree(new Dictionary<string, (string, string)> { ["file.txt"] = ("100644", _git.Blob($"revision {i}\n")) });
            tip = tip is null ? _git.Commit(tree, $"commit {i}\n") : _git.Commit(tree, $"commit {i}\n", tip);
        }

        _git.SetRef("refs/heads/main", tip!);
        return tip!;
    }

    /// <summary>One commit on main holding exactly <paramref name="files"/>; returns it.</summary>
    private string CommitFiles(Dictionary<string, (string Mode, string Id)> files, params string[] parents)
    {
        var commit = _git.Commit(_git.Tree(files), "files\n", parents);
        _git.SetRef("refs/heads/main", commit);
        return commit;
    }

    /// <summary>git's own unified diff of one path between two commits, from its <c>diff --git</c> line.</summary>
    private string GitPatch(string before, string after, string path) =>
        _git.Text("diff-tree", "-p", "--full-index", "--no-renames", before, after, "--", path) + "\n";
}
