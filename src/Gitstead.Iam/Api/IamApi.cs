using Gitstead.Aws;

namespace Gitstead.Iam.Api;

/// <summary>A group of IAM or STS operations; the operations files of the area implement it.</summary>
internal interface IOperationGroup
{
    /// <summary><c>iam</c> or <c>sts</c>.</summary>
    string Service { get; }

    IEnumerable<KeyValuePair<string, AwsOperationHandler>> Operations { get; }
}

internal static class IamServiceDefinitions
{
    public const string IamNamespace = "https://iam.amazonaws.com/doc/2010-05-08/";
    public const string StsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    public static AwsServiceDefinition Iam(IEnumerable<IOperationGroup> groups) =>
        new("iam", AwsProtocol.Query, "2010-05-08", IamNamespace, null, Table(groups, "iam"));

    public static AwsServiceDefinition Sts(IEnumerable<IOperationGroup> groups) =>
        new("sts", AwsProtocol.Query, "2011-06-15", StsNamespace, null, Table(groups, "sts"));

    private static Dictionary<string, AwsOperationHandler> Table(IEnumerable<IOperationGroup> groups, string service) =>
        groups.Where(g => g.Service == service).SelectMany(g => g.Operations).ToDictionary(StringComparer.Ordinal);
}
