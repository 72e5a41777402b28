namespace Gitstead.CodeCommit.Repositories;

/// <summary>CodeCommit's <c>FileModeTypeEnum</c>: what a file's git mode means to a reader.</summary>
public enum FileModeType
{
    /// <summary><c>100644</c> (and git's legacy <c>100664</c>).</summary>
    Normal,

    /// <summary><c>100755</c>.</summary>
    Executable,

    /// <summary><c>120000</c>: the blob holds the link's target.</summary>
    Symlink,
}

/// <summary>CodeCommit's <c>ChangeTypeEnum</c>: <c>A</c>, <c>M</c> or <c>D</c>.</summary>
public enum ChangeType
{
    Added,
    Modified,
    Deleted,
}

/// <summary>GetBlob: the blob's bytes (at most <see cref="FileService.MaxContentBytes"/>).</summary>
public sealed record BlobContent(string BlobId, byte[] Content);

/// <summary>GetFile: a file of a commit, its metadata and its bytes (at most <see cref="FileService.MaxContentBytes"/>).</summary>
public sealed record FileContent(string CommitId, string BlobId, string FilePath, FileModeType FileMode, long FileSize, byte[] Content);

/// <summary>
/// A file of a commit without its bytes: what a page needs to decide how to show it.
/// <c>IsBinary</c> is git's own test: a NUL within the first 8,000 bytes.
/// </summary>
public sealed record FileDescription(string CommitId, string BlobId, string FilePath, FileModeType FileMode, long FileSize, bool IsBinary);

/// <summary>A blob's size and whether git would call it binary, read without its content.</summary>
public sealed record BlobDescription(string BlobId, long Size, bool IsBinary);

/// <summary>
/// GetFolder (botocore <c>GetFolderOutput</c>): what a folder of a commit holds, in git's tree
/// order. <c>FolderPath</c> is repository-relative without leading or trailing slash (<c>""</c> for the root).
/// </summary>
public sealed record FolderContent(
    string CommitId,
    string FolderPath,
    string TreeId,
    IReadOnlyList<FolderEntry> SubFolders,
    IReadOnlyList<FileEntry> Files,
    IReadOnlyList<FileEntry> SymbolicLinks,
    IReadOnlyList<SubModuleEntry> SubModules);

/// <summary>botocore <c>Folder</c>.</summary>
public sealed record FolderEntry(string TreeId, string AbsolutePath, string RelativePath);

/// <summary>botocore <c>File</c> and <c>SymbolicLink</c>.</summary>
public sealed record FileEntry(string BlobId, string AbsolutePath, string RelativePath, FileModeType FileMode);

/// <summary>botocore <c>SubModule</c>: a gitlink, the commit it records.</summary>
public sealed record SubModuleEntry(string CommitId, string AbsolutePath, string RelativePath);

/// <summary>botocore <c>BlobMetadata</c>: <paramref name="Mode"/> is git's octal mode (<c>100644</c>, <c>100755</c>, <c>120000</c>, <c>160000</c>).</summary>
public sealed record BlobMetadata(string BlobId, string Path, string Mode);

/// <summary>botocore <c>Difference</c>: no before blob for an addition, no after blob for a deletion.</summary>
public sealed record Difference(BlobMetadata? BeforeBlob, BlobMetadata? AfterBlob, ChangeType ChangeType);

/// <summary>BatchGetCommits: the commits found, in the order asked, and one error per id that was not.</summary>
public sealed record CommitBatch(IReadOnlyList<CommitInfo> Commits, IReadOnlyList<CommitError> Errors);

/// <summary>botocore <c>BatchGetCommitsError</c>; the code and message are those GetCommit would raise for the id.</summary>
public sealed record CommitError(string CommitId, string ErrorCode, string ErrorMessage);

/// <summary>
/// botocore <c>FileVersion</c>: a commit that changed the file, the file's blob after it (none
/// when the commit deleted it), and the later commits of the list whose history continues from it.
/// </summary>
public sealed record FileVersion(CommitInfo Commit, string? BlobId, string Path, IReadOnlyList<string> RevisionChildren);

/// <summary>A tag: its name without <c>refs/tags/</c>, the object the ref holds, and the commit it leads to (null when it tags no commit).</summary>
public sealed record TagInfo(string Name, string ObjectId, string? CommitId);

/// <summary>How a file's change can be shown.</summary>
public enum DiffRendering
{
    /// <summary><see cref="FileChange.Patch"/> holds git's unified diff of the file.</summary>
    Text,

    /// <summary>git found a NUL in the first 8,000 bytes of a side: no text diff.</summary>
    Binary,

    /// <summary>A side or the diff itself is over the limit the caller gave: not rendered.</summary>
    TooLarge,
}

/// <summary>One file a commit changed, as a page shows it.</summary>
/// <param name="ChangeType">Added, modified (also a change of type or mode) or deleted.</param>
/// <param name="Before">The blob before, null for an added file.</param>
/// <param name="After">The blob after, null for a deleted file.</param>
/// <param name="Rendering">Whether <paramref name="Patch"/> holds a diff, and why not.</param>
/// <param name="Patch">git's unified diff for the file (from <c>diff --git</c> on), when <paramref name="Rendering"/> is <see cref="DiffRendering.Text"/>.</param>
public sealed record FileChange(ChangeType ChangeType, BlobMetadata? Before, BlobMetadata? After, DiffRendering Rendering, string? Patch);

/// <summary>What a commit changed against its first parent (against nothing for a root commit).</summary>
public sealed record CommitChanges(string CommitId, string? ParentId, IReadOnlyList<FileChange> Files);
