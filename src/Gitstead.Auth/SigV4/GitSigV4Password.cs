using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Gitstead.Auth.SigV4;

/// <summary>
/// A Git login in the SigV4 password scheme of <c>aws codecommit credential-helper</c> and
/// git-remote-codecommit (reference notes §3): user name = access key id, optionally followed
/// by <c>%</c> and the session token; password = <c>yyyymmddTHHMMSSZ</c> + 64 hex digits.
/// A class rather than a record so that the token and signature never reach a log through
/// <c>ToString</c>.
/// </summary>
public sealed class GitSigV4Login
{
    internal GitSigV4Login(string accessKeyId, string? sessionToken, string timestamp, DateTimeOffset signedAt, string signature)
    {
        AccessKeyId = accessKeyId;
        SessionToken = sessionToken;
        Timestamp = timestamp;
        SignedAt = signedAt;
        Signature = signature;
    }

    /// <summary><c>AKIA…</c> or <c>ASIA…</c>.</summary>
    public string AccessKeyId { get; }

    /// <summary>The session token after the first <c>%</c> of the user name; null for long-term keys.</summary>
    public string? SessionToken { get; }

    /// <summary>The signing time as the client put it in the string to sign: <c>yyyymmddTHHMMSS</c>, no <c>Z</c>.</summary>
    public string Timestamp { get; }

    public DateTimeOffset SignedAt { get; }

    internal string Signature { get; }

    public override string ToString() => $"GitSigV4Login {AccessKeyId} {Timestamp}";
}

/// <summary>
/// Pure functions of the Git SigV4 password scheme: recognise the login, check its time
/// window, and recompute the signature for candidate hosts and regions.
/// </summary>
public static partial class GitSigV4Password
{
    /// <summary>The signing name in the scope; always CodeCommit's.</summary>
    public const string Service = "codecommit";

    /// <summary>A helper-made password "stops working after about 15 minutes"; the same window applies to the future.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>At most this many regions are tried, so a request costs a bounded number of HMACs.</summary>
    public const int MaxRegions = 16;

    /// <summary>
    /// Recognises the SigV4 form of a Basic-auth login. Anything else (false) is a
    /// service-specific credential or a failure.
    /// </summary>
    public static bool TryParse(string userName, string password, [NotNullWhen(true)] out GitSigV4Login? login)
    {
        login = null;
        var percent = userName.IndexOf('%');
        var accessKeyId = percent < 0 ? userName : userName[..percent];
        var token = percent < 0 ? null : userName[(percent + 1)..];
        if (!AccessKeyIdPattern().IsMatch(accessKeyId) || token is "" || !PasswordPattern().IsMatch(password))
        {
            return false;
        }

        var timestamp = password[..15];
        if (!DateTimeOffset.TryParseExact(timestamp, "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            return false;
        }

        login = new GitSigV4Login(accessKeyId, token, timestamp, signedAt, password[16..]);
        return true;
    }

    /// <summary>True when the signing time is no more than 15 minutes from <paramref name="now"/>, either way.</summary>
    public static bool IsWithinWindow(GitSigV4Login login, DateTimeOffset now) =>
        (now - login.SignedAt).Duration() <= Window;

    /// <summary>
    /// The host names a client may have signed for a Host header: without the port (the CLI
    /// credential helper strips it) and as sent (git-remote-codecommit with an endpoint override).
    /// </summary>
    public static IReadOnlyList<string> HostCandidates(string hostHeader)
    {
        var candidates = new List<string>(2);
        var colon = hostHeader.LastIndexOf(':');
        var bracket = hostHeader.LastIndexOf(']');
        if (colon > 0 && colon > bracket)
        {
            candidates.Add(hostHeader[..colon]);
        }

        candidates.Add(hostHeader);
        return candidates;
    }

    /// <summary>
    /// Recomputes the signature for every host and region candidate (the time window is
    /// checked separately) and returns the region that matched, or null.
    /// </summary>
    /// <param name="login">A parsed login.</param>
    /// <param name="secretAccessKey">The secret of the login's access key.</param>
    /// <param name="path">The repository path as signed: <c>/v1/repos/NAME</c>, no trailing slash.</param>
    /// <param name="hosts">Host names to try, e.g. from <see cref="HostCandidates"/>.</param>
    /// <param name="regions">Regions to try, most likely first; only the first <see cref="MaxRegions"/> distinct ones are used.</param>
    public static string? Verify(
        GitSigV4Login login, string secretAccessKey, string path, IEnumerable<string> hosts, IEnumerable<string> regions)
    {
        var hostList = hosts.Distinct(StringComparer.Ordinal).ToList();
        Span<byte> provided = stackalloc byte[32];
        Convert.FromHexString(login.Signature, provided, out _, out _);
        string? matched = null;
        foreach (var region in regions.Distinct(StringComparer.Ordinal).Take(MaxRegions))
        {
            var key = SigV4Crypto.SigningKey(secretAccessKey, login.Timestamp[..8], region, Service);
            foreach (var host in hostList)
            {
                var expected = SigV4Crypto.Sign(key, StringToSign(login.Timestamp, path, host, region));
                if (CryptographicOperations.FixedTimeEquals(expected, provided))
                {
                    matched ??= region;
                }
            }

            CryptographicOperations.ZeroMemory(key);
        }

        return matched;
    }

    /// <summary>The password a client computes (what the credential helper prints).</summary>
    /// <param name="secretAccessKey">The secret access key.</param>
    /// <param name="timestamp"><c>yyyymmddTHHMMSS</c>, no <c>Z</c>.</param>
    /// <param name="path"><c>/v1/repos/NAME</c>.</param>
    /// <param name="host">The host name as signed.</param>
    /// <param name="region">The region as signed.</param>
    public static string ComputePassword(string secretAccessKey, string timestamp, string path, string host, string region)
    {
        var key = SigV4Crypto.SigningKey(secretAccessKey, timestamp[..8], region, Service);
        var signature = SigV4Crypto.Sign(key, StringToSign(timestamp, path, host, region));
        CryptographicOperations.ZeroMemory(key);
        return timestamp + "Z" + Convert.ToHexStringLower(signature);
    }

    /// <summary>The hand-built canonical request: method <c>GIT</c>, one signed header, empty payload hash.</summary>
    internal static string CanonicalRequestFor(string path, string host) =>
        CanonicalRequest.Build("GIT", path, "", $"host:{host}\n", "host", "");

    private static string StringToSign(string timestamp, string path, string host, string region) =>
        SigV4Crypto.StringToSign(timestamp, $"{timestamp[..8]}/{region}/{Service}/{CredentialScope.ValidTerminator}", CanonicalRequestFor(path, host));

    [GeneratedRegex("^A[KS]IA[A-Z0-9]{16}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex AccessKeyIdPattern();

    [GeneratedRegex("^[0-9]{8}T[0-9]{6}Z[0-9a-f]{64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex PasswordPattern();
}
