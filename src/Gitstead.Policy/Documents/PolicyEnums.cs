namespace Gitstead.Policy;

public enum PolicyEffect
{
    Allow,
    Deny,
}

/// <summary>Which grammar a document follows.</summary>
public enum PolicyKind
{
    /// <summary>Attached to a user, group or role: no <c>Principal</c>, <c>Resource</c> required.</summary>
    Identity,

    /// <summary>Attached to a resource (key policy, trust policy): <c>Principal</c> required, <c>Resource</c> optional.</summary>
    Resource,
}

/// <summary>A line and column (both 1-based) in the policy text.</summary>
public readonly record struct PolicyTextPosition(int Line, int Column);
