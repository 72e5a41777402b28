namespace Gitstead.Storage.Entities;

/// <summary>An IAM user.</summary>
public sealed class IamUser
{
    public long Key { get; set; }

    public required string AccountId { get; set; }

    /// <summary>Unique id, <c>AIDA…</c>.</summary>
    public required string UserId { get; set; }

    public required string UserName { get; set; }

    /// <summary>Lower-cased name: names are unique case-insensitively within an account.</summary>
    public required string NameKey { get; set; }

    public string Path { get; set; } = "/";

    public DateTime CreateDate { get; set; }

    public DateTime? PasswordLastUsed { get; set; }

    public string? PermissionsBoundaryArn { get; set; }

    public List<UserTag> Tags { get; set; } = [];
}

public sealed class UserTag
{
    public long UserKey { get; set; }

    public required string Key { get; set; }

    public required string Value { get; set; }
}

/// <summary>A console password of an IAM user.</summary>
public sealed class LoginProfile
{
    public long UserKey { get; set; }

    /// <summary>PBKDF2 hash; console passwords are chosen by people, so a slow hash.</summary>
    public required string PasswordHash { get; set; }

    public bool PasswordResetRequired { get; set; }

    public DateTime CreateDate { get; set; }
}
