using System.ComponentModel.DataAnnotations;

namespace Gitstead.CodeCommit.Transport;

/// <summary>
/// The regions Git URLs may name. Bound to section <c>Gitstead</c>, whose keys the host's
/// server-wide settings define: <c>DefaultRegion</c> and <c>EnabledRegions</c> (empty: a
/// standard list), the default region always enabled.
/// </summary>
internal sealed class GitTransportOptions
{
    private static readonly string[] StandardRegions =
        ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1"];

    [Required]
    [RegularExpression("^[a-z]{2}(-[a-z]+)+-[0-9]+$", ErrorMessage = "Gitstead:DefaultRegion must look like us-east-1.")]
    public string DefaultRegion { get; set; } = "us-east-1";

    public List<string> EnabledRegions { get; set; } = [];

    /// <summary>The default region first, then the others enabled.</summary>
    public IReadOnlyList<string> AllRegions() =>
        new[] { DefaultRegion }.Concat(EnabledRegions.Count > 0 ? EnabledRegions : StandardRegions).Distinct(StringComparer.Ordinal).ToList();
}
