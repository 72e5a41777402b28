using System.Text;
using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Git;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// A conflicted file's merge hunks, clean and conflicting, checked against what git itself shows
/// for the same three files: <c>git merge-file --diff3</c> for the conflicts, <c>git diff</c> from
/// the base for the clean changes, and each side's own lines for every range.
/// </summary>
public abstract partial class ApiMergeTests<TServer>
{
    [Fact]
    public async Task LineLevelDescribe_ListsEveryHunkWithExactRanges_AsGitMergeFileAndGitDiffShowThem()
    {
        // Arrange: from twenty lines, main changes 3 and 10 and deletes 15; feature changes 6 and
        // 10 and inserts two lines after 18. Only line 10 is a conflict.
        using var git = new GitClient(server);
        var (repository, login, clone) = await git.RepositoryWithHistoryAsync(server, "hunks", commits: 1);
        var lines = Enumerable.Range(1, 20).Select(i => $"line {i}").ToList();
        await git.OkAsync(clone, "checkout", "-q", "-B", "main");
        var baseCommit = await git.CommitAsync(clone, "f.txt", Text(lines), "base");
        await git.OkAsync(clone, "checkout", "-q", "-b", "feature");
        var theirs = lines.Select(l => l switch { "line 6" => "six-source", "line 10" => "ten-source", _ => l }).ToList();
        theirs.InsertRange(18, ["new-a", "new-b"]);
        await git.CommitAsync(clone, "f.txt", Text(theirs), "feature");
        await git.OkAsync(clone, "checkout", "-q", "main");
        var ours = lines.Select(l => l switch { "line 3" => "three-dest", "line 10" => "ten-dest", _ => l }).Where(l => l != "line 15").ToList();
        await git.CommitAsync(clone, "f.txt", Text(ours), "main");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "main", "feature"])).Ok();
        var request = new Dictionary<string, object>
        {
            ["repositoryName"] = repository.Name,
            ["sourceCommitSpecifier"] = "feature",
            ["destinationCommitSpecifier"] = "main",
            ["mergeOption"] = "THREE_WAY_MERGE",
            ["conflictDetailLevel"] = "LINE_LEVEL",
            ["filePath"] = "f.txt",
        };

        // Act
        var all = (await Call(server.Root, "DescribeMergeConflicts", request)).Ok();
        var pages = new List<JsonNode>();
        string? token = null;
        do
        {
            var paged = new Dictionary<string, object>(request) { ["maxMergeHunks"] = 2 };
            if (token is not null)
            {
                paged["nextToken"] = token;
            }

            var page = (await Call(server.Root, "DescribeMergeConflicts", paged)).Ok();
            pages.AddRange(page["mergeHunks"]!.AsArray().Select(h => h!));
            token = (string?)page["nextToken"];
        }
        while (token is not null);
        var batch = (await Call(server.Root, "BatchDescribeMergeConflicts", new
        {
            repositoryName = repository.Name,
            sourceCommitSpecifier = "feature",
            destinationCommitSpecifier = "main",
            mergeOption = "THREE_WAY_MERGE",
            conflictDetailLevel = "LINE_LEVEL",
            maxMergeHunks = 3,
        })).Ok();

        // Assert: the hunks, in order, with their ranges (startLine..endLine; an empty side ends before it starts).
        var hunks = all["mergeHunks"]!.AsArray().Select(h => h!).ToList();
        Assert.Equal(
            [
                "clean d3-3 s3-3 b3-3",
                "clean d6-6 s6-6 b6-6",
                "conflict d10-10 s10-10 b10-10",
                "clean d15-14 s15-15 b15-15",
                "clean d18-17 s19-20 b19-18",
            ],
            hunks.Select(Summary));
        Assert.Equal(1, (int)all["conflictMetadata"]!["numberOfConflicts"]!);
        Assert.Equal(hunks.Select(h => h.ToJsonString()), pages.Select(h => h.ToJsonString()));
        Assert.Equal(hunks.Take(3).Select(h => h.ToJsonString()), batch["conflicts"]![0]!["mergeHunks"]!.AsArray().Select(h => h!.ToJsonString()));

        // Every range holds exactly its side's lines there.
        var files = new Dictionary<string, List<string>>
        {
            ["destination"] = Lines(await git.OkAsync(clone, "show", "main:f.txt")),
            ["source"] = Lines(await git.OkAsync(clone, "show", "feature:f.txt")),
            ["base"] = Lines(await git.OkAsync(clone, "show", $"{baseCommit}:f.txt")),
        };
        foreach (var hunk in hunks)
        {
            foreach (var (side, content) in files)
            {
                var detail = hunk[side]!;
                var expected = content.Skip((int)detail["startLine"]! - 1).Take((int)detail["endLine"]! - (int)detail["startLine"]! + 1);
                Assert.Equal(string.Concat(expected.Select(l => l + "\n")), Content(detail));
            }
        }

        // The conflict is the one git merge-file --diff3 marks, with the same lines on each side.
        var work = git.NewPath("merge-file");
        Directory.CreateDirectory(work);
        foreach (var (side, content) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(work, side), string.Concat(content.Select(l => l + "\n")));
        }

        var marked = Lines((await git.RunAsync(work, "merge-file", "-p", "--diff3", "destination", "base", "source")).Stdout);
        var open = marked.FindIndex(l => l.StartsWith("<<<<<<<", StringComparison.Ordinal));
        var middle = marked.FindIndex(l => l.StartsWith("|||||||", StringComparison.Ordinal));
        var split = marked.FindIndex(l => l.StartsWith("=======", StringComparison.Ordinal));
        var close = marked.FindIndex(l => l.StartsWith(">>>>>>>", StringComparison.Ordinal));
        Assert.Equal(1, marked.Count(l => l.StartsWith("<<<<<<<", StringComparison.Ordinal)));
        var conflict = Assert.Single(hunks, h => (bool)h["isConflict"]!);
        Assert.Equal(Joined(marked[(open + 1)..middle]), Content(conflict["destination"]!));
        Assert.Equal(Joined(marked[(middle + 1)..split]), Content(conflict["base"]!));
        Assert.Equal(Joined(marked[(split + 1)..close]), Content(conflict["source"]!));

        // The clean hunks are git diff's hunks from the base to the side that changed.
        var toDestination = await DiffHunksAsync(git, work, "destination");
        var toSource = await DiffHunksAsync(git, work, "source");
        foreach (var hunk in hunks.Where(h => !(bool)h["isConflict"]!))
        {
            var changed = Content(hunk["destination"]!) != Content(hunk["base"]!) ? "destination" : "source";
            var header = $"-{Header(hunk["base"]!)} +{Header(hunk[changed]!)}";
            Assert.Contains(header, changed == "destination" ? toDestination : toSource);
        }

        Assert.Equal(["-10 +10"], toDestination.Intersect(toSource));
    }

    private static string Text(IEnumerable<string> lines) => string.Concat(lines.Select(l => l + "\n"));

    private static List<string> Lines(string text) => [.. text.TrimEnd('\n').Split('\n')];

    private static string Joined(IEnumerable<string> lines) => string.Concat(lines.Select(l => l + "\n"));

    private static string Content(JsonNode detail) => Encoding.UTF8.GetString(Convert.FromBase64String((string)detail["hunkContent"]!));

    private static string Summary(JsonNode hunk) =>
        ((bool)hunk["isConflict"]! ? "conflict" : "clean")
        + $" d{hunk["destination"]!["startLine"]}-{hunk["destination"]!["endLine"]}"
        + $" s{hunk["source"]!["startLine"]}-{hunk["source"]!["endLine"]}"
        + $" b{hunk["base"]!["startLine"]}-{hunk["base"]!["endLine"]}";

    /// <summary>A range as git diff's hunk header writes it: <c>L</c> for one line, <c>L,N</c> otherwise, and the line before it when empty.</summary>
    private static string Header(JsonNode detail)
    {
        var (start, end) = ((int)detail["startLine"]!, (int)detail["endLine"]!);
        var count = end - start + 1;
        return count == 1 ? $"{start}" : $"{(count == 0 ? start - 1 : start)},{count}";
    }

    /// <summary>The <c>-L,N +L,N</c> of each hunk of <c>git diff --no-index -U0 base SIDE</c>.</summary>
    private static async Task<List<string>> DiffHunksAsync(GitClient git, string work, string side)
    {
        var diff = await git.RunAsync(work, "diff", "--no-index", "-U0", "base", side);
        return [.. Lines(diff.Stdout).Where(l => l.StartsWith("@@ ", StringComparison.Ordinal)).Select(l => string.Join(' ', l.Split(' ')[1..3]))];
    }
}
