using System.Globalization;
using System.Text;
using Gitstead.CodeCommit.Git;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>A commit of a history and its parents within that history (rewritten by git when the history is limited to a path).</summary>
internal sealed record HistoryLine(string CommitId, IReadOnlyList<string> Parents);

/// <summary>
/// Histories from <c>git rev-list</c>, newest first as git orders them. Its output is object
/// ids only (a path goes in as a <c>:(literal)</c> pathspec and never comes back out), so
/// nothing a repository holds can upset the parsing.
/// </summary>
internal static class HistoryReader
{
    /// <summary>At most about a million commits with their parents; the cap only bounds memory.</summary>
    private const int MaxOutputBytes = 128 * 1024 * 1024;

    /// <summary>Up to <paramref name="count"/> commits reachable from <paramref name="start"/>, after skipping <paramref name="skip"/>.</summary>
    public static async Task<List<string>> CommitsAsync(RepositoryInfo repository, string start, int skip, int count, CancellationToken ct)
    {
        string[] options = ["rev-list", "--skip=" + skip.ToString(CultureInfo.InvariantCulture), "--max-count=" + count.ToString(CultureInfo.InvariantCulture), Id(start), "--"];
        var output = await RunAsync(repository, options, [], ct);
        return [.. Parse(output).Select(l => l.CommitId)];
    }

    /// <summary>
    /// The commits reachable from <paramref name="start"/> that changed <paramref name="path"/>
    /// (exactly that path, no pattern), with git's default history simplification, each with its
    /// parents rewritten to the nearest such commits: the graph of the file's versions.
    /// </summary>
    public static async Task<List<HistoryLine>> FileCommitsAsync(RepositoryInfo repository, string start, string path, CancellationToken ct) =>
        Parse(await RunAsync(repository, ["rev-list", "--parents", Id(start), "--"], [":(literal)" + path], ct));

    /// <summary>Lines of object ids separated by spaces: the commit, then its parents.</summary>
    /// <exception cref="GitCommandException">A line holds something other than object ids.</exception>
    internal static List<HistoryLine> Parse(string output)
    {
        var lines = new List<HistoryLine>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var ids = line.Split(' ');
            if (ids.Any(id => GitObjectIds.Normalize(id) != id))
            {
                throw new GitCommandException("git rev-list printed a line that is not object ids.");
            }

            lines.Add(new HistoryLine(ids[0], ids[1..]));
        }

        return lines;
    }

    /// <summary>
    /// A commit id git itself resolved, passed among the trusted options: it must come before
    /// <c>--</c>, which no value may be. Anything but a full lower-case id is refused here.
    /// </summary>
    private static string Id(string commitId) =>
        GitObjectIds.Normalize(commitId) == commitId ? commitId : throw new ArgumentException("Not a full object id.", nameof(commitId));

    private static async Task<string> RunAsync(RepositoryInfo repository, string[] options, string[] values, CancellationToken ct)
    {
        var output = await GitRunner.RunToBytesAsync(GitInvocation.InRepository(repository.Path, options, values), MaxOutputBytes, ct);
        return Encoding.ASCII.GetString(output.Expect("git rev-list"));
    }
}
