namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// CreateCommit's request (botocore <c>CreateCommitInput</c>) as the service takes it: every
/// member as the client sent it, checked by <see cref="FileWriteService"/>.
/// </summary>
public sealed record NewCommit(string? RepositoryName, string? BranchName)
{
    public string? ParentCommitId { get; init; }

    public string? AuthorName { get; init; }

    public string? Email { get; init; }

    public string? CommitMessage { get; init; }

    public bool KeepEmptyFolders { get; init; }

    public IReadOnlyList<PutFileEntry> PutFiles { get; init; } = [];

    public IReadOnlyList<DeleteFileEntry> DeleteFiles { get; init; } = [];

    public IReadOnlyList<SetFileModeEntry> SetFileModes { get; init; } = [];
}

/// <summary>botocore <c>PutFileEntry</c>: content given, or copied (or moved) from a file of the parent commit.</summary>
/// <param name="FilePath">Where the file goes.</param>
/// <param name="FileContent">The bytes, when not copied.</param>
/// <param name="SourceFile">The file of the parent commit to copy or move, when no content is given.</param>
/// <param name="FileMode"><c>NORMAL</c>, <c>EXECUTABLE</c> or <c>SYMLINK</c>; null keeps the mode the file (or its source) has.</param>
public sealed record PutFileEntry(string? FilePath, string? FileMode, byte[]? FileContent, SourceFileSpecifier? SourceFile);

/// <summary>botocore <c>SourceFileSpecifier</c>.</summary>
public sealed record SourceFileSpecifier(string? FilePath, bool IsMove);

/// <summary>botocore <c>DeleteFileEntry</c>.</summary>
public sealed record DeleteFileEntry(string? FilePath);

/// <summary>botocore <c>SetFileModeEntry</c>.</summary>
public sealed record SetFileModeEntry(string? FilePath, string? FileMode);

/// <summary>Who made a commit and why, as PutFile and DeleteFile take it (<c>name</c>, <c>email</c>, <c>commitMessage</c>).</summary>
public sealed record CommitAuthoring(string? Name, string? Email, string? Message);

/// <summary>botocore <c>FileMetadata</c>.</summary>
public sealed record FileMetadata(string AbsolutePath, string BlobId, FileModeType FileMode);

/// <summary>PutFile's answer.</summary>
public sealed record PutFileResult(string CommitId, string BlobId, string TreeId);

/// <summary>DeleteFile's answer: the blob the commit removed.</summary>
public sealed record DeleteFileResult(string CommitId, string BlobId, string TreeId, string FilePath);

/// <summary>CreateCommit's answer: the new commit, its tree, and what it changed.</summary>
public sealed record CreateCommitResult(
    string CommitId,
    string TreeId,
    IReadOnlyList<FileMetadata> FilesAdded,
    IReadOnlyList<FileMetadata> FilesUpdated,
    IReadOnlyList<FileMetadata> FilesDeleted);
