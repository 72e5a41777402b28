namespace Gitstead.Policy;

/// <summary>The reasons IAM gives in a <c>MalformedPolicyDocument</c> error.</summary>
internal static class PolicyErrors
{
    public const string Syntax = "Syntax errors in policy.";
    public const string VersionTooOld = "Policy document must be version 2012-10-17 or greater.";
    public const string LegacyParsing = "The policy failed legacy parsing";
    public const string DuplicateSid = "Statement IDs (SID) in a single policy must be unique.";
    public const string SidNotAlphanumeric =
        "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*";
    public const string MissingActions = "Policy statement must contain actions.";
    public const string MissingResources = "Policy statement must contain resources.";
    public const string PrincipalNotAllowed = "Policy document should not specify a principal.";
    public const string InvalidPrincipal = "Invalid principal in policy";
    public const string MissingVendor = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
    public const string ActionTooManyColons = "Actions/Condition can contain only one colon.";
    public const string PartialServiceWildcard = "Partial wildcards are not supported in the service part of action";
    public const string ResourceVendor = "Resource vendor must be fully qualified and cannot contain regexes.";

    public const string IamResourcePath = "IAM resource path must either be \"*\" or start with user/, federated-user/, role/, "
        + "group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.";

    public const string MissingEffect = "Missing required field Effect";
    public const string MissingPrincipal = "Missing required field Principal";

    public static string UnknownField(string name) => $"Unknown field {name}";

    public static string InvalidVendor(string vendor) => $"Vendor {vendor} is not valid";

    public static string ResourceNotArn(string resource) => $"Resource {resource} must be in ARN format or \"*\".";

    public static string InvalidPartition(string partition, string resource) =>
        $"Partition \"{partition}\" is not valid for resource \"{resource}\".";

    public static string IamResourceRegion(string resource) => $"IAM resource {resource} cannot contain region information.";
}
