using System.Text.Json;

namespace Gitstead.Policy;

/// <summary>
/// The AWS managed policy documents embedded in this assembly (ManagedPolicies/*.json, with
/// metadata from index.json), loaded and parsed once on first use.
/// </summary>
public static class AwsManagedPolicies
{
    private const string ResourcePrefix = "Gitstead.Policy.ManagedPolicies.";

    private static readonly Lazy<Catalog> Loaded = new(Load);

    public static IReadOnlyList<AwsManagedPolicy> All => Loaded.Value.Policies;

    /// <summary>The policy with this ARN (e.g. <c>arn:aws:iam::aws:policy/AWSCodeCommitPowerUser</c>), or null.</summary>
    public static AwsManagedPolicy? FindByArn(string arn) =>
        Loaded.Value.ByArn.GetValueOrDefault(arn);

    /// <summary>The policy with this name (e.g. <c>AWSCodeCommitReadOnly</c>), or null.</summary>
    public static AwsManagedPolicy? FindByName(string name) =>
        Loaded.Value.ByName.GetValueOrDefault(name);

    /// <summary>Like <see cref="FindByArn"/>, throwing when the ARN is unknown.</summary>
    public static AwsManagedPolicy GetByArn(string arn) =>
        FindByArn(arn) ?? throw new KeyNotFoundException($"No AWS managed policy {arn} is shipped.");

    private static Catalog Load()
    {
        using var index = JsonDocument.Parse(ReadResource("index.json"));
        AwsManagedPolicy[] policies = [.. index.RootElement.EnumerateObject().Select(entry => LoadPolicy(entry.Name, entry.Value))];
        return new Catalog(
            policies,
            policies.ToDictionary(policy => policy.Arn, StringComparer.Ordinal),
            policies.ToDictionary(policy => policy.Name, StringComparer.Ordinal));
    }

    private static AwsManagedPolicy LoadPolicy(string name, JsonElement metadata)
    {
        var text = ReadResource(name + ".json");
        return new AwsManagedPolicy(
            name,
            metadata.GetProperty("Arn").GetString()!,
            metadata.GetProperty("Path").GetString()!,
            metadata.GetProperty("DefaultVersionId").GetString()!,
            metadata.GetProperty("CreateDate").GetDateTimeOffset(),
            metadata.GetProperty("UpdateDate").GetDateTimeOffset(),
            text,
            PolicyDocument.Parse(text, PolicyParseOptions.ManagedIdentity));
    }

    private static string ReadResource(string fileName)
    {
        var assembly = typeof(AwsManagedPolicies).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new InvalidOperationException($"Embedded managed policy resource {fileName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed record Catalog(
        IReadOnlyList<AwsManagedPolicy> Policies,
        Dictionary<string, AwsManagedPolicy> ByArn,
        Dictionary<string, AwsManagedPolicy> ByName);
}
