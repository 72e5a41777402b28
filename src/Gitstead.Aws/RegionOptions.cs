using System.ComponentModel.DataAnnotations;

namespace Gitstead.Aws;

/// <summary>
/// The regions this server serves. Section <c>Gitstead</c> (switches <c>--default-region</c>
/// and <c>--enabled-regions</c>): <c>DefaultRegion</c>, used when a request does not name
/// one, and <c>EnabledRegions</c> (empty: a standard list), the default region always enabled.
/// </summary>
public sealed class RegionOptions
{
    public const string Section = "Gitstead";

    private static readonly string[] StandardRegions =
        ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1"];

    /// <summary>Region used when the request (for Git, the host name) does not name one.</summary>
    [Required]
    [RegularExpression("^[a-z]{2}(-[a-z]+)+-[0-9]+$", ErrorMessage = "Gitstead:DefaultRegion must look like us-east-1.")]
    public string DefaultRegion { get; set; } = "us-east-1";

    /// <summary>Regions clients may use (empty: a standard list).</summary>
    public List<string> EnabledRegions { get; set; } = [];

    /// <summary>The default region first, then the others enabled.</summary>
    public IReadOnlyList<string> AllRegions() =>
        new[] { DefaultRegion }.Concat(EnabledRegions.Count > 0 ? EnabledRegions : StandardRegions).Distinct(StringComparer.Ordinal).ToList();
}
