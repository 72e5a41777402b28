using System.Globalization;

namespace Gitstead.Console.Pages.Iam;

/// <summary>How the IAM pages write dates and statuses.</summary>
public static class IamFormat
{
    /// <summary><c>2026-01-02 03:04 UTC</c>.</summary>
    public static string Date(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary><c>2026-01-02</c>, for lists.</summary>
    public static string Day(DateTime utc) => utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Day(DateTime? utc, string none) => utc is { } value ? Day(value) : none;

    public static string Date(DateTime? utc, string none) => utc is { } value ? Date(value) : none;

    /// <summary>The <c>.status</c> class of an Active / Inactive status.</summary>
    public static string StatusClass(string status) => status == "Active" ? "status ok" : "status off";

    /// <summary>Whether an ARN names an AWS managed policy.</summary>
    public static bool IsAwsManaged(string policyArn) => policyArn.StartsWith("arn:aws:iam::aws:policy/", StringComparison.Ordinal);

    public static string PolicyType(string policyArn) => IsAwsManaged(policyArn) ? "AWS managed" : "Customer managed";
}
