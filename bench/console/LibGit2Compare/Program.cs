// The reads of the console's code browser done in process by LibGit2Sharp beside the way the
// server does them with git: a new git process per command, and one long-lived
// `git cat-file --batch` per repository for objects. Medians in ms after 3 unmeasured runs.
//
//   dotnet run -c Release --project bench/console/LibGit2Compare -- BARE_REPOSITORY [RUNS]
//
// BARE_REPOSITORY: one made by bench/console/gen_browse_repo.py (bench/console-pages.sh with
// KEEP_WORK=1 keeps the server's copy under its data directory).
using System.Diagnostics;
using System.Globalization;
using System.Text;
using LibGit2Sharp;

var path = args[0];
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 25;
const string EmptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

using var cat = StartCatFile(path);
using var repo = new Repository(path);
var head = repo.Branches["main"].Tip;
var typical = repo.Lookup<Commit>(Git("rev-parse", "main~10").Trim());
var parent = typical.Parents.First();
var root = repo.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = head }).Last();

Console.WriteLine("| read | LibGit2Sharp, in process | git, as the server runs it |");
Console.WriteLine("|---|---:|---:|");
Row("open the repository", () => new Repository(path).Dispose(), null);
Row("branches and tags with their commits (for-each-ref)",
    () => repo.Branches.Select(b => b.Tip.Sha).Concat(repo.Tags.Select(t => t.Target.Sha)).ToList(),
    () => Git("for-each-ref", "--format=%(objectname) %(refname)", "refs/heads/", "refs/tags/"));
Row("a folder of main (cat-file)", () => ((Tree)head["src/mod07/pkg3"].Target).Select(e => e.Name).ToList(), () => CatFile(cat, "main:src/mod07/pkg3"));
Row("README.md of main (cat-file)", () => ((Blob)head["README.md"].Target).GetContentText(), () => CatFile(cat, "main:README.md"));
Row("a commit's diff with patch, 1 to 3 files (diff-tree -p)",
    () => _ = repo.Diff.Compare<Patch>(parent.Tree, typical.Tree).Content,
    () => Git("diff-tree", "-r", "-z", "--raw", "--no-renames", "-p", "--full-index", parent.Sha, typical.Sha));
Row("51 newest commits of main (rev-list)",
    () => repo.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = head }).Take(51).Select(c => c.MessageShort).ToList(),
    () => Git("rev-list", "--max-count=51", head.Sha));
Row("the root commit's diff with patch, 3,004 files (diff-tree -p)",
    () => _ = repo.Diff.Compare<Patch>(null, root.Tree).Content,
    () => Git("diff-tree", "-r", "-z", "--raw", "--no-renames", "-p", "--full-index", EmptyTree, root.Sha));

void Row(string what, Action library, Action? git) =>
    Console.WriteLine($"| {what} | {Median(library):F2} | {(git is null ? "–" : Median(git).ToString("F2", CultureInfo.InvariantCulture))} |");

double Median(Action action)
{
    for (var i = 0; i < 3; i++)
    {
        action();
    }

    var samples = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var clock = Stopwatch.StartNew();
        action();
        samples.Add(clock.Elapsed.TotalMilliseconds);
    }

    samples.Sort();
    return samples[samples.Count / 2];
}

string Git(params string[] arguments)
{
    var info = new ProcessStartInfo("git") { RedirectStandardOutput = true, UseShellExecute = false };
    info.ArgumentList.Add("-C");
    info.ArgumentList.Add(path);
    foreach (var argument in arguments)
    {
        info.ArgumentList.Add(argument);
    }

    using var process = Process.Start(info)!;
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    return output;
}

static Process StartCatFile(string repository)
{
    var info = new ProcessStartInfo("git") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
    foreach (var argument in new[] { "-C", repository, "cat-file", "--batch" })
    {
        info.ArgumentList.Add(argument);
    }

    return Process.Start(info)!;
}

// One request and its answer over the pipes of the long-lived process: "<id> <type> <size>\n<content>\n".
static byte[] CatFile(Process cat, string name)
{
    cat.StandardInput.Write(name + "\n");
    cat.StandardInput.Flush();
    var output = cat.StandardOutput.BaseStream;
    var header = new StringBuilder();
    int b;
    while ((b = output.ReadByte()) is not '\n' and not -1)
    {
        header.Append((char)b);
    }

    var content = new byte[int.Parse(header.ToString().Split(' ')[2], CultureInfo.InvariantCulture) + 1];
    output.ReadExactly(content);
    return content;
}
