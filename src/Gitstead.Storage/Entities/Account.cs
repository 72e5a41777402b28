namespace Gitstead.Storage.Entities;

/// <summary>An account: the unit of isolation, with its root identity.</summary>
public sealed class Account
{
    /// <summary>12-digit account id.</summary>
    public required string Id { get; set; }

    public required string RootEmail { get; set; }

    /// <summary>PBKDF2 hash of the root console password (see <c>PasswordHashing</c>).</summary>
    public required string RootPasswordHash { get; set; }

    public string? Alias { get; set; }

    public DateTime CreateDate { get; set; }

    /// <summary>
    /// Changes whenever anything that decides an IAM user's permissions in this account changes
    /// (users, groups, memberships, policies, versions, attachments), raised by database
    /// triggers (see <c>PolicyGenerationTriggers</c>) in the writing transaction, so every
    /// node sees it with the next credential lookup and may keep parsed policies until then.
    /// </summary>
    public long PolicyGeneration { get; set; }
}

/// <summary>The account password policy; absent until set.</summary>
public sealed class AccountPasswordPolicy
{
    public required string AccountId { get; set; }

    public int MinimumPasswordLength { get; set; } = 8;

    public bool RequireSymbols { get; set; }

    public bool RequireNumbers { get; set; }

    public bool RequireUppercaseCharacters { get; set; }

    public bool RequireLowercaseCharacters { get; set; }

    public bool AllowUsersToChangePassword { get; set; }

    public int? MaxPasswordAge { get; set; }

    public int? PasswordReusePrevention { get; set; }

    public bool HardExpiry { get; set; }
}
