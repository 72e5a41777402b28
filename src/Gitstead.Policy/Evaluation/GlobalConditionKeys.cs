namespace Gitstead.Policy;

/// <summary>Names of the global condition keys Gitstead populates (see <see cref="RequestContextBuilder"/>).</summary>
public static class GlobalConditionKeys
{
    public const string Username = "aws:username";
    public const string UserId = "aws:userid";
    public const string PrincipalArn = "aws:PrincipalArn";
    public const string PrincipalAccount = "aws:PrincipalAccount";
    public const string PrincipalType = "aws:PrincipalType";
    public const string PrincipalServiceName = "aws:PrincipalServiceName";
    public const string PrincipalTagPrefix = "aws:PrincipalTag/";
    public const string SourceIp = "aws:SourceIp";
    public const string SecureTransport = "aws:SecureTransport";
    public const string CurrentTime = "aws:CurrentTime";
    public const string EpochTime = "aws:EpochTime";
    public const string RequestedRegion = "aws:RequestedRegion";
    public const string MultiFactorAuthPresent = "aws:MultiFactorAuthPresent";
    public const string MultiFactorAuthAge = "aws:MultiFactorAuthAge";
    public const string TokenIssueTime = "aws:TokenIssueTime";
}

/// <summary>CodeCommit's service-specific condition keys.</summary>
public static class CodeCommitConditionKeys
{
    /// <summary>Multivalued: the full names of the refs a push or branch operation changes.</summary>
    public const string References = "codecommit:References";
}
