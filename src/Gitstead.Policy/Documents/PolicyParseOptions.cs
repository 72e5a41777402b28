namespace Gitstead.Policy;

/// <summary>How <see cref="PolicyDocument.Parse"/> validates a document.</summary>
public sealed record PolicyParseOptions
{
    /// <summary>Inline identity policy (PutUserPolicy, PutGroupPolicy): Version may be omitted or 2008-10-17.</summary>
    public static PolicyParseOptions InlineIdentity { get; } = new();

    /// <summary>Managed policy (CreatePolicy, CreatePolicyVersion): Version 2012-10-17 required.</summary>
    public static PolicyParseOptions ManagedIdentity { get; } = new() { RequireVersion2012 = true };

    /// <summary>Resource-based policy (KMS key policy, trust policy): Principal required.</summary>
    public static PolicyParseOptions ResourceBased { get; } = new() { Kind = PolicyKind.Resource };

    public PolicyKind Kind { get; init; } = PolicyKind.Identity;

    /// <summary>Reject documents whose Version is missing or 2008-10-17.</summary>
    public bool RequireVersion2012 { get; init; }
}
