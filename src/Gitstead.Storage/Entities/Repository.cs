namespace Gitstead.Storage.Entities;

/// <summary>
/// A CodeCommit repository: metadata here, files on disk under
/// <c>DATA_DIR/repositories/{RepositoryId}.git</c>, so a rename touches no file.
/// </summary>
public sealed class Repository
{
    public long Key { get; set; }

    public required string AccountId { get; set; }

    public required string Region { get; set; }

    /// <summary>UUID v4; names the directory on disk.</summary>
    public required string RepositoryId { get; set; }

    /// <summary>Case-sensitive, unique per account and region.</summary>
    public required string RepositoryName { get; set; }

    public string? Description { get; set; }

    /// <summary>Set by the first pushed branch, changed by UpdateDefaultBranch.</summary>
    public string? DefaultBranch { get; set; }

    public string? KmsKeyId { get; set; }

    /// <summary>The repository's data key, encrypted by KMS under its key; null until one is made.</summary>
    public byte[]? DataKeyCiphertext { get; set; }

    public DateTime CreationDate { get; set; }

    public DateTime LastModifiedDate { get; set; }

    public List<RepositoryTag> Tags { get; set; } = [];
}

public sealed class RepositoryTag
{
    public long RepositoryKey { get; set; }

    public required string Key { get; set; }

    public required string Value { get; set; }
}
