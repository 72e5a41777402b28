namespace Gitstead.Console.Hosting;

/// <summary>The names the AWS console shows beside region codes.</summary>
public static class RegionNames
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["us-east-1"] = "US East (N. Virginia)",
        ["us-east-2"] = "US East (Ohio)",
        ["us-west-1"] = "US West (N. California)",
        ["us-west-2"] = "US West (Oregon)",
        ["eu-west-1"] = "Europe (Ireland)",
        ["eu-west-2"] = "Europe (London)",
        ["eu-west-3"] = "Europe (Paris)",
        ["eu-central-1"] = "Europe (Frankfurt)",
        ["eu-north-1"] = "Europe (Stockholm)",
        ["ap-southeast-1"] = "Asia Pacific (Singapore)",
        ["ap-southeast-2"] = "Asia Pacific (Sydney)",
        ["ap-northeast-1"] = "Asia Pacific (Tokyo)",
        ["ap-northeast-2"] = "Asia Pacific (Seoul)",
        ["ap-south-1"] = "Asia Pacific (Mumbai)",
        ["ca-central-1"] = "Canada (Central)",
        ["sa-east-1"] = "South America (São Paulo)",
    };

    /// <summary><c>Europe (Ireland) eu-west-1</c>, or just the code for a region without a known name.</summary>
    public static string Describe(string region) => Names.TryGetValue(region, out var name) ? $"{name} {region}" : region;
}
