using System.Text;
using Gitstead.CodeCommit.Git;
using Gitstead.CodeCommit.Repositories;
using Xunit;

namespace Gitstead.UnitTests.CodeCommit;

/// <summary>
/// The parsers of git's NUL-separated output read what the real git wrote, for names with
/// spaces, non-ASCII letters, tabs and line feeds, and agree with git's other output formats.
/// </summary>
public sealed class GitOutputParsingTests : IDisposable
{
    private static readonly string[] AwkwardNames = ["plain.txt", "sp ace.txt", "naïve café.md", "tab\there", "line\nfeed", "diff --git"];

    private readonly BareRepositoryWriter _git = BareRepositoryWriter.CreateTemporary();

    public void Dispose() => Directory.Delete(_git.Path, recursive: true);

    [Fact]
    public void TreeParse_TreeWithEveryKindOfEntry_MatchesGitLsTree()
    {
        // Arrange
        var blob = _git.Blob("content\n");
        var files = AwkwardNames.ToDictionary(n => n, _ => ("100644", blob));
        files["run.sh"] = ("100755", _git.Blob("#!/bin/sh\n"));
        files["link"] = ("120000", _git.Blob("plain.txt"));
        files["vendor"] = ("160000", new string('c', 40));
        files["dir/inner.txt"] = ("100644", blob);
        var tree = _git.Tree(files);

        // Act
        var parsed = TreeReader.Parse(_git.Run(null, "cat-file", "tree", tree), 20);

        // Assert
        var listed = LsTree(tree);
        Assert.Equal(listed.Count, parsed.Count);
        Assert.Equal(listed, parsed.Select(e => $"{e.Mode} {e.Type} {e.Id}\t{e.Name}"));
        Assert.Equal(FileModeType.Executable, parsed.Single(e => e.Name == "run.sh").FileMode);
        Assert.Equal(FileModeType.Symlink, parsed.Single(e => e.Name == "link").FileMode);
    }

    [Fact]
    public void TreeParse_TreeCutShort_ThrowsGitCommandException()
    {
        // Arrange
        var tree = _git.Tree(new Dictionary<string, (string, string)> { ["a.txt"] = ("100644", _git.Blob("a")) });
        var raw = _git.Run(null, "cat-file", "tree", tree);

        // Act
        var error = Record.Exception(() => TreeReader.Parse(raw.AsSpan(0, raw.Length - 1), 20));

        // Assert
        Assert.IsType<GitCommandException>(error);
    }

    [Fact]
    public void ParseRaw_DiffTreeOfTwoTrees_MatchesGitsNameStatusAndObjectIds()
    {
        // Arrange
        var (before, after) = TwoTrees();
        var raw = _git.Run(null, "diff-tree", "-r", "-z", "--raw", "--no-renames", before, after);

        // Act
        var (changes, end) = GitDiffOutput.ParseRaw(raw);

        // Assert
        Assert.Equal(raw.Length, end);
        var nameStatus = Encoding.UTF8.GetString(_git.Run(null, "diff-tree", "-r", "-z", "--name-status", "--no-renames", before, after)).Split('\0');
        Assert.Equal(nameStatus[..^1], changes.SelectMany(c => new[] { c.Status.ToString(), c.Path }));
        foreach (var change in changes)
        {
            Assert.Equal(change.Status == 'A' ? new string('0', 40) : _git.Text("rev-parse", $"{before}:{change.Path}"), change.OldId);
            Assert.Equal(change.Status == 'D' ? new string('0', 40) : _git.Text("rev-parse", $"{after}:{change.Path}"), change.NewId);
        }

        Assert.Contains(changes, c => c is { Path: "line\nfeed", Status: 'D', OldMode: "100644", NewMode: "000000" });
        Assert.Contains(changes, c => c is { Path: "plain.txt", Status: 'T', NewMode: "120000" });
        Assert.Equal(ChangeType.Modified, changes.Single(c => c.Status == 'T').ChangeType);
    }

    [Fact]
    public void SplitPatches_PatchWithRawOfAwkwardNames_OnePartPerChangeInOrder()
    {
        // Arrange
        var (before, after) = TwoTrees();
        var output = _git.Run(null, "diff-tree", "-r", "-z", "--raw", "-p", "--no-renames", "--full-index", before, after);

        // Act
        var (changes, end) = GitDiffOutput.ParseRaw(output);
        var split = GitDiffOutput.SplitPatches(Encoding.UTF8.GetString(output.AsSpan(end + 1)));
        var parts = GitDiffOutput.PartsPerChange(changes, split);

        // Assert: a type change is git's deletion part and creation part, so one part more.
        Assert.Equal(changes.Count + 1, split.Count);
        Assert.Equal(changes.Count, parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            Assert.StartsWith("diff --git ", parts[i]);
            var id = changes[i].Status == 'D' ? changes[i].OldId : changes[i].NewId;
            Assert.Contains(changes[i].OldId == changes[i].NewId ? $"new mode {changes[i].NewMode}" : id, parts[i]);
        }

        var typeChange = parts[changes.FindIndex(c => c.Status == 'T')];
        Assert.Contains("deleted file mode 100644", typeChange);
        Assert.Contains("new file mode 120000", typeChange);

        Assert.True(GitDiffOutput.IsBinaryPart(parts[changes.FindIndex(c => c.Path == "data.bin")]));
        Assert.False(GitDiffOutput.IsBinaryPart(parts[changes.FindIndex(c => c.Path == "diff --git")]));
    }

    [Fact]
    public void ParseRaw_RecordWithoutItsPath_ThrowsGitCommandException()
    {
        // Arrange
        var record = Encoding.ASCII.GetBytes($":100644 100644 {new string('a', 40)} {new string('b', 40)} M\0path-without-end");

        // Act
        var error = Record.Exception(() => GitDiffOutput.ParseRaw(record));

        // Assert
        Assert.IsType<GitCommandException>(error);
    }

    [Fact]
    public void HistoryParse_RevListWithParents_CommitsAndParentsAsGitPrintedThem()
    {
        // Arrange
        var tree = _git.Tree(new Dictionary<string, (string, string)> { ["a"] = ("100644", _git.Blob("a")) });
        var root = _git.Commit(tree, "root");
        var left = _git.Commit(tree, "left", root);
        var right = _git.Commit(tree, "right", root);
        var merge = _git.Commit(tree, "merge", left, right);

        // Act
        var lines = HistoryReader.Parse(_git.Text("rev-list", "--parents", merge));

        // Assert
        Assert.Equal(_git.Text("rev-list", merge).Split('\n'), lines.Select(l => l.CommitId));
        Assert.Equal([left, right], lines[0].Parents);
        Assert.Empty(lines.Single(l => l.CommitId == root).Parents);
    }

    [Theory]
    [InlineData("not-an-id")]
    [InlineData("4b825dc642cb6eb9a060e54bf8d69288fbee4904 HEAD")]
    public void HistoryParse_LineThatIsNotObjectIds_ThrowsGitCommandException(string line)
    {
        // Act
        var error = Record.Exception(() => HistoryReader.Parse(line + "\n"));

        // Assert
        Assert.IsType<GitCommandException>(error);
    }

    [Fact]
    public void ReferenceParse_ForEachRefOfBranchesAndTags_PeelsAnnotatedTagsToTheirCommit()
    {
        // Arrange
        var blob = _git.Blob("x");
        var commit = _git.Commit(_git.Tree(new Dictionary<string, (string, string)> { ["x"] = ("100644", blob) }), "c");
        var annotated = _git.AnnotatedTag("v1", commit, "commit");
        _git.SetRef("refs/heads/main", commit);
        _git.SetRef("refs/tags/v1", annotated);
        _git.SetRef("refs/tags/light", commit);
        _git.SetRef("refs/tags/blob-tag", blob);
        var output = _git.Text("for-each-ref", "--format=%(objectname) %(objecttype) %(*objectname) %(*objecttype) %(refname)") + "\n";

        // Act
        var tags = ReferenceService.Parse(output, "refs/tags/").ToList();
        var branches = ReferenceService.Parse(output, "refs/heads/").ToList();

        // Assert
        Assert.Equal([new("main", commit, commit)], branches);
        Assert.Equal(
            [new("blob-tag", blob, null), new("light", commit, commit), new("v1", annotated, commit)],
            tags.OrderBy(t => t.Name, StringComparer.Ordinal));
    }

    [Fact]
    public void GitInvocationVerb_ConfigSettingBeforeTheSubcommand_TheSubcommand()
    {
        // Arrange
        var invocation = GitInvocation.InRepository(_git.Path, ["-c", "core.bigFileThreshold=10", "diff-tree", "-r"], []);

        // Act
        var verb = invocation.Verb;

        // Assert
        Assert.Equal("diff-tree", verb);
    }

    [Theory]
    [InlineData("main")]
    [InlineData("refs/heads/main")]
    [InlineData("feature/login")]
    [InlineData("HEAD")]
    [InlineData("v1.0")]
    [InlineData("naïve")]
    [InlineData("4b825dc642cb6eb9a060e54bf8d69288fbee4904")]
    [InlineData("a..b")]
    [InlineData("a b")]
    [InlineData("main~1")]
    [InlineData("main^")]
    [InlineData("HEAD:file")]
    [InlineData("topic.lock")]
    [InlineData(".hidden")]
    [InlineData("dir/.hidden")]
    [InlineData("trailing/")]
    [InlineData("/leading")]
    [InlineData("a//b")]
    [InlineData("@")]
    [InlineData("main@{1}")]
    [InlineData("glob*")]
    [InlineData("what?")]
    [InlineData("open[")]
    [InlineData("back\\slash")]
    [InlineData("dot.")]
    [InlineData("tab\tname")]
    public void CommitSpecifierIsValid_Name_AgreesWithGitCheckRefFormat(string name)
    {
        // Arrange
        var gitAccepts = CheckRefFormat(name);

        // Act
        var accepted = CommitSpecifiers.IsValid(name);

        // Assert
        Assert.Equal(gitAccepts, accepted);
    }

    [Theory]
    [InlineData("-x")]
    [InlineData("")]
    public void CommitSpecifierCheck_OptionLikeOrEmpty_InvalidCommit(string name)
    {
        // Act
        var error = Assert.Throws<Gitstead.Aws.AwsServiceException>(() => CommitSpecifiers.Check(name));

        // Assert
        Assert.Equal("InvalidCommitException", error.Code);
    }

    [Theory]
    [InlineData("/docs/guide.md", "docs/guide.md")]
    [InlineData("docs/guide.md", "docs/guide.md")]
    [InlineData("//a b/ç", "a b/ç")]
    public void ContentPathsFile_LeadingSlashOrNone_TheRepositoryRelativePath(string given, string expected)
    {
        // Act
        var path = ContentPaths.File(given);

        // Assert
        Assert.Equal(expected, path);
    }

    [Theory]
    [InlineData(null, "PathRequiredException")]
    [InlineData("", "PathRequiredException")]
    [InlineData("/", "PathRequiredException")]
    [InlineData("a/../b", "InvalidPathException")]
    [InlineData("./a", "InvalidPathException")]
    [InlineData("a//b", "InvalidPathException")]
    [InlineData("a/", "InvalidPathException")]
    [InlineData("a\0b", "InvalidPathException")]
    public void ContentPathsFile_MissingOrMalformed_TheModelledError(string? given, string code)
    {
        // Act
        var error = Assert.Throws<Gitstead.Aws.AwsServiceException>(() => ContentPaths.File(given));

        // Assert
        Assert.Equal(code, error.Code);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("/", "")]
    [InlineData("/src/app/", "src/app")]
    public void ContentPathsFolder_RootOrTrailingSlash_TheRepositoryRelativePath(string given, string expected)
    {
        // Act
        var path = ContentPaths.Folder(given);

        // Assert
        Assert.Equal(expected, path);
    }

    [Theory]
    [InlineData("src/a.txt", "src", true)]
    [InlineData("src", "src", true)]
    [InlineData("src2/a.txt", "src", false)]
    [InlineData("sr", "src", false)]
    public void ContentPathsIsWithin_PathAndScope_TrueOnlyForTheScopeAndBelow(string path, string scope, bool expected)
    {
        // Act
        var within = ContentPaths.IsWithin(path, scope);

        // Assert
        Assert.Equal(expected, within);
    }

    /// <summary>Two trees that differ by every status diff-tree reports without renames.</summary>
    private (string Before, string After) TwoTrees()
    {
        var before = AwkwardNames.ToDictionary(n => n, n => ("100644", _git.Blob($"before {n}\n")));
        before["data.bin"] = ("100644", _git.Blob([0, 1, 2, 0, 3]));
        var after = new Dictionary<string, (string, string)>(before)
        {
            ["plain.txt"] = ("120000", _git.Blob("target")),
            ["sp ace.txt"] = ("100755", before["sp ace.txt"].Item2),
            ["naïve café.md"] = ("100644", _git.Blob("after\n")),
            ["data.bin"] = ("100644", _git.Blob([0, 9, 9, 0])),
            ["diff --git"] = ("100644", _git.Blob("diff --git a/x b/x\n")),
            ["new dir/ü.txt"] = ("100644", _git.Blob("new\n")),
        };
        after.Remove("line\nfeed");
        return (_git.Tree(before), _git.Tree(after));
    }

    /// <summary><c>git ls-tree -z</c> of a tree, one entry per item.</summary>
    private List<string> LsTree(string tree) =>
        [.. Encoding.UTF8.GetString(_git.Run(null, "ls-tree", "-z", tree)).Split('\0', StringSplitOptions.RemoveEmptyEntries)];

    private bool CheckRefFormat(string name)
    {
        try
        {
            _git.Run(null, "check-ref-format", "--allow-onelevel", name);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
