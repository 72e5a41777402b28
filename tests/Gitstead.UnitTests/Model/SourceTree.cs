namespace Gitstead.UnitTests.Model;

/// <summary>A C# source line of the checkout, for tests that read the code rather than run it.</summary>
internal sealed record SourceLine(string File, int Number, string Text)
{
    public override string ToString() => $"{File}:{Number}";
}

/// <summary>
/// The checkout's source files. Tests that check literals typed in src/ read the files, so a
/// literal added later is checked without anyone having to list it.
/// </summary>
internal static class SourceTree
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string Root => s_root.Value;

    /// <summary>The .cs files under <paramref name="project"/> (e.g. src/Gitstead.Iam), without bin/ and obj/.</summary>
    public static IReadOnlyList<string> CSharpFiles(string project)
    {
        var dir = Path.Combine(Root, project);
        var files = Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(dir, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToList();
        return files.Count > 0 ? files : throw new InvalidOperationException($"no .cs files under {dir}");
    }

    /// <summary>Every line of the project's .cs files, numbered from 1, with the file relative to the root.</summary>
    public static IEnumerable<SourceLine> Lines(string project) =>
        CSharpFiles(project).SelectMany(file =>
        {
            var relative = Path.GetRelativePath(Root, file);
            return File.ReadAllLines(file).Select((text, i) => new SourceLine(relative, i + 1, text));
        });

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gitstead.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Gitstead.slnx not found above {AppContext.BaseDirectory}");
    }
}
