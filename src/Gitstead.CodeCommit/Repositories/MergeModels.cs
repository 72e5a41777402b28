namespace Gitstead.CodeCommit.Repositories;

/// <summary>botocore <c>MergeOptionTypeEnum</c>.</summary>
public enum MergeOption
{
    FastForward,
    Squash,
    ThreeWay,
}

/// <summary>botocore <c>ConflictDetailLevelTypeEnum</c>: FILE_LEVEL (the default) counts a file changed on both sides as a conflict; LINE_LEVEL only lines git cannot merge.</summary>
public enum ConflictDetailLevel
{
    FileLevel,
    LineLevel,
}

/// <summary>botocore <c>ConflictResolutionStrategyTypeEnum</c>.</summary>
public enum ConflictResolutionStrategy
{
    None,
    AcceptSource,
    AcceptDestination,
    Automerge,
}

/// <summary>The two commits of a merge request as the client sent them, and how conflicts are judged.</summary>
public sealed record MergeRequest(string? RepositoryName, string? SourceCommitSpecifier, string? DestinationCommitSpecifier)
{
    public string? ConflictDetailLevel { get; init; }

    public string? ConflictResolutionStrategy { get; init; }
}

/// <summary>What a merge commit is made of and where it goes (botocore <c>MergeBranchesBySquashInput</c> and its siblings).</summary>
public sealed record MergeCommitRequest
{
    public string? TargetBranch { get; init; }

    public string? AuthorName { get; init; }

    public string? Email { get; init; }

    public string? CommitMessage { get; init; }

    public bool KeepEmptyFolders { get; init; }

    public ConflictResolutionInput? ConflictResolution { get; init; }
}

/// <summary>botocore <c>ConflictResolution</c>.</summary>
public sealed record ConflictResolutionInput(
    IReadOnlyList<ReplaceContentEntry> ReplaceContents,
    IReadOnlyList<DeleteFileEntry> DeleteFiles,
    IReadOnlyList<SetFileModeEntry> SetFileModes);

/// <summary>botocore <c>ReplaceContentEntry</c>.</summary>
public sealed record ReplaceContentEntry(string? FilePath, string? ReplacementType, byte[]? Content, string? FileMode);

/// <summary>The commits a merge request names: source, destination and their merge base (null for unrelated histories).</summary>
public sealed record MergeCommits(string SourceCommitId, string DestinationCommitId, string? BaseCommitId);

/// <summary>A commit made by a merge (or the tip a fast-forward moved to).</summary>
public sealed record MergeResult(string CommitId, string TreeId);

/// <summary>GetMergeOptions' answer.</summary>
public sealed record MergeOptionsResult(MergeCommits Commits, IReadOnlyList<MergeOption> Options);

/// <summary>GetMergeCommit's answer: the commit on the destination that merged the source, when there is one.</summary>
public sealed record MergeCommitInfo(MergeCommits Commits, string? MergedCommitId);

/// <summary>One side of a conflicted file: its object type (FILE, DIRECTORY, GIT_LINK or SYMBOLIC_LINK), mode, size and whether it is binary.</summary>
public sealed record ConflictSide(string ObjectType, FileModeType? FileMode, long? Size, bool IsBinary);

/// <summary>botocore <c>ConflictMetadata</c>.</summary>
public sealed record ConflictMetadata(
    string FilePath,
    ConflictSide? Base,
    ConflictSide? Source,
    ConflictSide? Destination,
    int NumberOfConflicts,
    bool ContentConflict,
    bool FileModeConflict,
    bool ObjectTypeConflict,
    string? SourceOperation,
    string? DestinationOperation);

/// <summary>botocore <c>MergeHunkDetail</c>: lines are numbered from 1; an empty side has <c>endLine = startLine - 1</c>.</summary>
public sealed record MergeHunkDetail(int StartLine, int EndLine, string HunkContent);

/// <summary>botocore <c>MergeHunk</c>.</summary>
public sealed record MergeHunk(bool IsConflict, MergeHunkDetail? Source, MergeHunkDetail? Destination, MergeHunkDetail? Base);

/// <summary>botocore <c>Conflict</c>: a file's metadata and its hunks.</summary>
public sealed record MergeConflict(ConflictMetadata Metadata, IReadOnlyList<MergeHunk> Hunks);

/// <summary>GetMergeConflicts' answer: a page of conflicted files.</summary>
public sealed record MergeConflictsResult(MergeCommits Commits, bool Mergeable, IReadOnlyList<ConflictMetadata> Conflicts, string? NextToken);

/// <summary>DescribeMergeConflicts' answer: one file and a page of its hunks.</summary>
public sealed record DescribedConflict(MergeCommits Commits, ConflictMetadata Metadata, IReadOnlyList<MergeHunk> Hunks, string? NextToken);

/// <summary>A file BatchDescribeMergeConflicts could not describe.</summary>
public sealed record ConflictError(string FilePath, string ExceptionName, string Message);

/// <summary>BatchDescribeMergeConflicts' answer.</summary>
public sealed record DescribedConflicts(MergeCommits Commits, IReadOnlyList<MergeConflict> Conflicts, IReadOnlyList<ConflictError> Errors, string? NextToken);
