using System.Text.RegularExpressions;
using Gitstead.Aws;
using Microsoft.Extensions.Options;

namespace Gitstead.CodeCommit.Transport;

/// <summary>
/// The region of a Git request (DESIGN.md decision 3): the one named by a host of the form
/// <c>git-codecommit.REGION.DOMAIN</c>, else the configured default region.
/// </summary>
internal sealed partial class GitRegions(IOptions<RegionOptions> options)
{
    /// <summary>
    /// The region the host names, or the default region for any other host; false when the host
    /// names a region this server does not enable (<paramref name="region"/> is then that name).
    /// </summary>
    /// <param name="host">The host name without the port.</param>
    /// <param name="region">The region of the request.</param>
    /// <param name="named">True when the region came from the host name.</param>
    public bool TryResolve(string host, out string region, out bool named)
    {
        var match = HostPattern().Match(host.ToLowerInvariant());
        named = match.Success;
        region = named ? match.Groups[1].Value : options.Value.DefaultRegion;
        return !named || options.Value.AllRegions().Contains(region, StringComparer.Ordinal);
    }

    /// <summary>
    /// Regions a SigV4 Git password may have been signed for, most likely first: the request's
    /// region, the default region, then the other enabled regions (the credential helper signs
    /// with the client's configured region when the host is not an amazonaws.com name).
    /// </summary>
    public IReadOnlyList<string> SigningCandidates(string requestRegion) =>
        new[] { requestRegion }.Concat(options.Value.AllRegions()).Distinct(StringComparer.Ordinal).ToList();

    [GeneratedRegex("^git-codecommit\\.([a-z0-9-]+)\\.", RegexOptions.CultureInvariant)]
    private static partial Regex HostPattern();
}
