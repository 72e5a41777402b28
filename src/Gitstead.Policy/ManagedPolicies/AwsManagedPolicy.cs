namespace Gitstead.Policy;

/// <summary>An AWS managed policy shipped with Gitstead (its default version only).</summary>
public sealed record AwsManagedPolicy(
    string Name,
    string Arn,
    string Path,
    string DefaultVersionId,
    DateTimeOffset CreateDate,
    DateTimeOffset UpdateDate,
    string DocumentText,
    PolicyDocument Document)
{
    /// <summary>The policy as evaluator input, identified by its ARN.</summary>
    public PolicyInput ToPolicyInput() => new(Arn, Document);
}
