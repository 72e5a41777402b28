namespace Gitstead.Storage.Entities;

/// <summary>An IAM group.</summary>
public sealed class IamGroup
{
    public long Key { get; set; }

    public required string AccountId { get; set; }

    /// <summary><c>AGPA…</c>.</summary>
    public required string GroupId { get; set; }

    public required string GroupName { get; set; }

    public required string NameKey { get; set; }

    public string Path { get; set; } = "/";

    public DateTime CreateDate { get; set; }
}

public sealed class GroupMember
{
    public long GroupKey { get; set; }

    public long UserKey { get; set; }
}

/// <summary>A customer managed policy. AWS managed policies are shipped data, not rows.</summary>
public sealed class ManagedPolicy
{
    public long Key { get; set; }

    public required string AccountId { get; set; }

    /// <summary><c>ANPA…</c>.</summary>
    public required string PolicyId { get; set; }

    public required string PolicyName { get; set; }

    public string Path { get; set; } = "/";

    public required string Arn { get; set; }

    public required string DefaultVersionId { get; set; }

    /// <summary>Next version number to hand out (versions are never renumbered).</summary>
    public int NextVersion { get; set; } = 2;

    public string? Description { get; set; }

    public DateTime CreateDate { get; set; }

    public DateTime UpdateDate { get; set; }
}

public sealed class PolicyVersion
{
    public long PolicyKey { get; set; }

    public required string VersionId { get; set; }

    public required string Document { get; set; }

    public DateTime CreateDate { get; set; }
}

/// <summary>A managed policy (customer or AWS) attached to a user or group.</summary>
public sealed class PolicyAttachment
{
    public required string AccountId { get; set; }

    /// <summary><c>user</c> or <c>group</c>.</summary>
    public required string PrincipalType { get; set; }

    public long PrincipalKey { get; set; }

    public required string PolicyArn { get; set; }
}

/// <summary>An inline policy of a user or group.</summary>
public sealed class InlinePolicy
{
    public required string AccountId { get; set; }

    public required string PrincipalType { get; set; }

    public long PrincipalKey { get; set; }

    public required string PolicyName { get; set; }

    public required string Document { get; set; }
}
