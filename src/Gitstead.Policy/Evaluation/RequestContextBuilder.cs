using System.Globalization;

namespace Gitstead.Policy;

/// <summary>
/// Fills the global condition keys from plain values, then builds a
/// <see cref="RequestContext"/> for each action to authorize. A builder can be reused: each
/// <see cref="Build"/> copies the keys set so far.
/// </summary>
/// <example>
/// <code>
/// var request = new RequestContextBuilder()
///     .ForUser("111111111111", "bob", "AIDAEXAMPLE")
///     .WithSourceIp("203.0.113.7").WithSecureTransport(true)
///     .WithRequestTime(now).WithRequestedRegion("us-east-1")
///     .Build("codecommit:GitPull", "arn:aws:codecommit:us-east-1:111111111111:MyRepo");
/// </code>
/// </example>
public sealed class RequestContextBuilder
{
    // Sized for the principal's and the request's global keys plus an operation's few, so that a
    // request's context is built without growing it.
    private readonly Dictionary<string, string[]> _keys = new(16, StringComparer.OrdinalIgnoreCase);

    /// <summary>An IAM user: sets aws:username, aws:userid, aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType=User.</summary>
    public RequestContextBuilder ForUser(string accountId, string userName, string userId, string path = "/")
    {
        SetPrincipal(accountId, $"arn:aws:iam::{accountId}:user{NormalizePath(path)}{userName}", userId, "User");
        return WithKey(GlobalConditionKeys.Username, userName);
    }

    /// <summary>The account's root user: aws:userid is the account id, no aws:username.</summary>
    public RequestContextBuilder ForRoot(string accountId)
    {
        SetPrincipal(accountId, $"arn:aws:iam::{accountId}:root", accountId, "Account");
        return WithoutKey(GlobalConditionKeys.Username);
    }

    /// <summary>A role session: aws:PrincipalArn is the role ARN, aws:userid is ROLEID:SESSION, no aws:username.</summary>
    public RequestContextBuilder ForAssumedRole(string accountId, string roleName, string roleId, string sessionName, string path = "/")
    {
        SetPrincipal(accountId, $"arn:aws:iam::{accountId}:role{NormalizePath(path)}{roleName}", $"{roleId}:{sessionName}", "AssumedRole");
        return WithoutKey(GlobalConditionKeys.Username);
    }

    public RequestContextBuilder WithSourceIp(string? sourceIp) => WithOptionalKey(GlobalConditionKeys.SourceIp, sourceIp);

    public RequestContextBuilder WithSecureTransport(bool secure) => WithKey(GlobalConditionKeys.SecureTransport, FormatBool(secure));

    /// <summary>Sets aws:CurrentTime (ISO 8601, UTC) and aws:EpochTime (seconds).</summary>
    public RequestContextBuilder WithRequestTime(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        WithKey(GlobalConditionKeys.CurrentTime, utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        return WithKey(GlobalConditionKeys.EpochTime, utc.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
    }

    public RequestContextBuilder WithRequestedRegion(string? region) => WithOptionalKey(GlobalConditionKeys.RequestedRegion, region);

    /// <summary>
    /// aws:MultiFactorAuthPresent. Pass null for requests signed with long-term access keys or
    /// Git credentials: AWS omits the key for them, it does not set it to false.
    /// </summary>
    public RequestContextBuilder WithMultiFactorAuth(bool? present) =>
        WithOptionalKey(GlobalConditionKeys.MultiFactorAuthPresent, present is { } value ? FormatBool(value) : null);

    /// <summary>Sets aws:PrincipalTag/KEY for each tag of the user or role.</summary>
    public RequestContextBuilder WithPrincipalTags(IEnumerable<KeyValuePair<string, string>> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        foreach (var (key, value) in tags)
        {
            WithKey(GlobalConditionKeys.PrincipalTagPrefix + key, value);
        }

        return this;
    }

    /// <summary>Sets any key (service-specific keys such as codecommit:References); no values removes it.</summary>
    public RequestContextBuilder WithKey(string key, params IEnumerable<string> values)
    {
        RequestContext.Set(_keys, key, values);
        return this;
    }

    public RequestContextBuilder WithoutKey(string key)
    {
        _keys.Remove(key);
        return this;
    }

    public RequestContext Build(string action, string resource) =>
        RequestContext.FromOwnedKeys(action, resource, new Dictionary<string, string[]>(_keys, StringComparer.OrdinalIgnoreCase));

    private void SetPrincipal(string accountId, string arn, string userId, string type)
    {
        WithKey(GlobalConditionKeys.PrincipalAccount, accountId);
        WithKey(GlobalConditionKeys.PrincipalArn, arn);
        WithKey(GlobalConditionKeys.UserId, userId);
        WithKey(GlobalConditionKeys.PrincipalType, type);
    }

    private RequestContextBuilder WithOptionalKey(string key, string? value) =>
        value is null ? WithoutKey(key) : WithKey(key, value);

    private static string FormatBool(bool value) => value ? "true" : "false";

    private static string NormalizePath(string path) =>
        "/" + path.Trim('/') + (path.Trim('/').Length > 0 ? "/" : string.Empty);
}
