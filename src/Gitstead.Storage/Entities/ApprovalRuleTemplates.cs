namespace Gitstead.Storage.Entities;

/// <summary>
/// An approval rule template of an account in a region: a name unique there, the rule content
/// (JSON, checked when written) and its SHA-256, which UpdateApprovalRuleTemplateContent compares.
/// </summary>
public sealed class ApprovalRuleTemplate
{
    public long Key { get; set; }

    /// <summary>UUID, as the API shows it.</summary>
    public required string TemplateId { get; set; }

    public required string AccountId { get; set; }

    public required string Region { get; set; }

    /// <summary>Case-sensitive, unique per account and region.</summary>
    public required string Name { get; set; }

    /// <summary>Empty when none was given.</summary>
    public required string Description { get; set; }

    public required string Content { get; set; }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 content.</summary>
    public required string ContentSha256 { get; set; }

    /// <summary>The ARN of whoever last changed the template.</summary>
    public required string LastModifiedUser { get; set; }

    public DateTime CreationDate { get; set; }

    public DateTime LastModifiedDate { get; set; }
}

/// <summary>
/// A template associated with a repository: pull requests made there from now on get a rule from
/// it. Keyed by the repository's row, so a rename keeps it and a deletion takes it away.
/// </summary>
public sealed class ApprovalRuleTemplateAssociation
{
    public long TemplateKey { get; set; }

    public long RepositoryKey { get; set; }
}
