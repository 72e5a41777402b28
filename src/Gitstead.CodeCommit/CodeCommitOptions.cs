namespace Gitstead.CodeCommit;

/// <summary>
/// The CodeCommit area's settings. Bound to section <c>Gitstead</c>, which also holds the
/// region settings (<see cref="Aws.RegionOptions"/>): <c>Gitstead:CloneUrlTemplate</c>
/// (switch <c>--clone-url-template</c>).
/// </summary>
public sealed class CodeCommitOptions
{
    /// <summary>
    /// HTTPS clone URL with <c>{region}</c> and <c>{name}</c>, e.g.
    /// <c>https://git-codecommit.{region}.example.com/v1/repos/{name}</c>. When unset, the URL is
    /// built from the address the server listens on.
    /// </summary>
    public string? CloneUrlTemplate { get; set; }

    public const string InvalidTemplateMessage =
        "Gitstead:CloneUrlTemplate must be an absolute http(s) URL that contains {name} (and usually {region}).";

    /// <summary>True when the template is unset, or an absolute http(s) URL naming <c>{name}</c>.</summary>
    public bool HasValidTemplate()
    {
        if (string.IsNullOrEmpty(CloneUrlTemplate))
        {
            return true;
        }

        var sample = CloneUrlTemplate.Replace("{region}", "us-east-1", StringComparison.Ordinal).Replace("{name}", "repo", StringComparison.Ordinal);
        return CloneUrlTemplate.Contains("{name}", StringComparison.Ordinal)
            && Uri.TryCreate(sample, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
    }
}
