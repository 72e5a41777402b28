using System.Reflection;

namespace Gitstead.IntegrationTests.Support;

/// <summary>Where the checkout, the built server and the client scripts are.</summary>
internal static class RepositoryLayout
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string Root => s_root.Value;

    /// <summary>The build configuration of this test assembly; the server is taken from the same one.</summary>
    public static string Configuration =>
        typeof(RepositoryLayout).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string ServerDll =>
        Path.Combine(Root, "src", "Gitstead", "bin", Configuration, "net10.0", "gitstead.dll");

    public static string ClientScript(string name) => Path.Combine(AppContext.BaseDirectory, "clients", name);

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
