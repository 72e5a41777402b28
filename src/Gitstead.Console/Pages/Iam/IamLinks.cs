namespace Gitstead.Console.Pages.Iam;

/// <summary>The IAM pages' URLs, in one place, with names escaped.</summary>
public static class IamLinks
{
    public const string Users = "/console/iam/users";
    public const string Groups = "/console/iam/groups";
    public const string Policies = "/console/iam/policies";
    public const string MySecurityCredentials = "/console/iam/security-credentials";

    public static string User(string userName, string? tab = null) =>
        $"{Users}/{Uri.EscapeDataString(userName)}" + (tab is null ? "" : $"?tab={tab}");

    public static string Group(string groupName, string? tab = null) =>
        $"{Groups}/{Uri.EscapeDataString(groupName)}" + (tab is null ? "" : $"?tab={tab}");

    public static string Policy(string policyArn, string? tab = null) =>
        $"{Policies}/details?arn={Uri.EscapeDataString(policyArn)}" + (tab is null ? "" : $"&tab={tab}");

    /// <summary>The page of a user or group (<paramref name="kind"/> is <c>users</c> or <c>groups</c>).</summary>
    public static string Principal(string kind, string name, string? tab = null) =>
        kind == "groups" ? Group(name, tab) : User(name, tab);

    public static string InlinePolicy(string kind, string name, string? policyName = null) =>
        $"/console/iam/{kind}/{Uri.EscapeDataString(name)}/inline-policy" + (policyName is null ? "" : $"?policy={Uri.EscapeDataString(policyName)}");

    public static string AddPermissions(string kind, string name, string? option = null) =>
        $"/console/iam/{kind}/{Uri.EscapeDataString(name)}/add-permissions" + (option is null ? "" : $"?option={option}");
}
