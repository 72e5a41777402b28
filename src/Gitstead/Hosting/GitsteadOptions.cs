using System.ComponentModel.DataAnnotations;

namespace Gitstead.Hosting;

/// <summary>Server-wide settings. Section <c>Gitstead</c>.</summary>
public sealed class GitsteadOptions
{
    /// <summary>Region used when the host name does not name one.</summary>
    [Required]
    [RegularExpression("^[a-z]{2}(-[a-z]+)+-[0-9]+$", ErrorMessage = "Gitstead:DefaultRegion must look like us-east-1.")]
    public string DefaultRegion { get; set; } = "us-east-1";

    private static readonly string[] StandardRegions =
        ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1"];

    /// <summary>Regions clients may use (empty: a standard list); the default region is always enabled.</summary>
    public List<string> EnabledRegions { get; set; } = [];

    /// <summary>
    /// Template of the HTTPS clone URL, with <c>{region}</c> and <c>{name}</c>; by default one
    /// built from the address this server listens on.
    /// </summary>
    public string? CloneUrlTemplate { get; set; }

    public IEnumerable<string> AllRegions() =>
        (EnabledRegions.Count > 0 ? EnabledRegions.ToArray() : StandardRegions).Append(DefaultRegion).Distinct(StringComparer.Ordinal);
}

/// <summary>TLS settings. Section <c>Tls</c>. Without files, a local CA issues the certificate.</summary>
public sealed class TlsOptions
{
    /// <summary>PEM certificate (chain) file; replaces the generated one.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>PEM private key of <see cref="CertificateFile"/>.</summary>
    public string? KeyFile { get; set; }
}
