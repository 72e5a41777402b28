namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// A checked explicit resolution of one path: a side kept (<c>Keep</c>: KEEP_BASE, KEEP_SOURCE or
/// KEEP_DESTINATION), new content, a deletion, and/or a new mode.
/// </summary>
internal sealed record PlannedResolution(string Path, string? Keep, byte[]? Content, bool Delete, FileModeType? Mode);

/// <summary>The request rules of the merge operations: enums, page sizes, and a <c>conflictResolution</c>.</summary>
internal static class MergeRules
{
    /// <summary>Conflict files or hunks on one page, at most.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>Default page of conflict files (GetMergeConflicts, BatchDescribeMergeConflicts) and of hunks.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>
    /// Commits between the merge base and either tip, at most, for a merge of two tips that both
    /// moved on from their base (TipsDivergenceExceededException past it): every file both sides
    /// changed is compared, so the work grows with the divergence. A fast-forward has no limit.
    /// </summary>
    public const int MaxDivergentCommits = 10_000;

    /// <summary>The same limit CreateCommit has on the files it changes.</summary>
    public const int MaxResolutionEntries = FileWriteRules.MaxFileEntries;

    public static MergeOption Option(string? value) => value switch
    {
        null or "" => throw MergeErrors.MergeOptionRequired(),
        "FAST_FORWARD_MERGE" => MergeOption.FastForward,
        "SQUASH_MERGE" => MergeOption.Squash,
        "THREE_WAY_MERGE" => MergeOption.ThreeWay,
        _ => throw MergeErrors.InvalidMergeOption(value),
    };

    public static string Name(MergeOption option) => option switch
    {
        MergeOption.FastForward => "FAST_FORWARD_MERGE",
        MergeOption.Squash => "SQUASH_MERGE",
        _ => "THREE_WAY_MERGE",
    };

    public static ConflictDetailLevel DetailLevel(string? value) => value switch
    {
        null or "" or "FILE_LEVEL" => ConflictDetailLevel.FileLevel,
        "LINE_LEVEL" => ConflictDetailLevel.LineLevel,
        _ => throw MergeErrors.InvalidConflictDetailLevel(value),
    };

    public static ConflictResolutionStrategy Strategy(string? value) => value switch
    {
        null or "" or "NONE" => ConflictResolutionStrategy.None,
        "ACCEPT_SOURCE" => ConflictResolutionStrategy.AcceptSource,
        "ACCEPT_DESTINATION" => ConflictResolutionStrategy.AcceptDestination,
        "AUTOMERGE" => ConflictResolutionStrategy.Automerge,
        _ => throw MergeErrors.InvalidConflictResolutionStrategy(value),
    };

    /// <summary>A commit specifier: CommitRequiredException when missing, InvalidCommitException when malformed.</summary>
    public static string Specifier(string? value) =>
        string.IsNullOrEmpty(value) ? throw CodeCommitErrors.CommitRequired() : CommitSpecifiers.Check(value);

    public static int PageSize(int? value, Func<Gitstead.Aws.AwsServiceException> invalid) =>
        value switch
        {
            null => DefaultPageSize,
            < 1 or > MaxPageSize => throw invalid(),
            _ => value.Value,
        };

    /// <summary>
    /// The entries of a <c>conflictResolution</c>, one per path (MultipleConflictResolutionEntriesException),
    /// at most <see cref="MaxResolutionEntries"/>; a file mode change may join a replacement of the same path.
    /// </summary>
    public static Dictionary<string, PlannedResolution> Resolution(ConflictResolutionInput? input)
    {
        var planned = new Dictionary<string, PlannedResolution>(StringComparer.Ordinal);
        if (input is null)
        {
            return planned;
        }

        if (input.ReplaceContents.Count + input.DeleteFiles.Count + input.SetFileModes.Count > MaxResolutionEntries)
        {
            throw MergeErrors.MaximumConflictResolutionEntriesExceeded();
        }

        foreach (var replace in input.ReplaceContents)
        {
            var path = FileWriteRules.Path(replace.FilePath);
            var mode = FileWriteRules.Mode(replace.FileMode);
            var keep = replace.ReplacementType switch
            {
                null or "" => throw MergeErrors.ReplacementTypeRequired(),
                "KEEP_BASE" or "KEEP_SOURCE" or "KEEP_DESTINATION" => replace.ReplacementType,
                "USE_NEW_CONTENT" => null,
                _ => throw MergeErrors.InvalidReplacementType(replace.ReplacementType),
            };
            if (keep is null && replace.Content is null)
            {
                throw MergeErrors.ReplacementContentRequired(path);
            }

            if (keep is not null && replace.Content is not null)
            {
                throw MergeErrors.InvalidReplacementContent(path);
            }

            if (replace.Content is { Length: > FileService.MaxContentBytes })
            {
                throw CodeCommitErrors.FileContentSizeLimitExceeded();
            }

            Add(planned, new PlannedResolution(path, keep, replace.Content, false, mode));
        }

        foreach (var delete in input.DeleteFiles)
        {
            var path = FileWriteRules.Path(delete.FilePath);
            Add(planned, new PlannedResolution(path, null, null, true, null));
        }

        foreach (var change in input.SetFileModes)
        {
            var path = FileWriteRules.Path(change.FilePath);
            var mode = FileWriteRules.Mode(change.FileMode) ?? throw CodeCommitErrors.FileModeRequired(path);
            if (planned.TryGetValue(path, out var existing))
            {
                planned[path] = existing.Delete || existing.Mode is not null
                    ? throw MergeErrors.MultipleConflictResolutionEntries(path)
                    : existing with { Mode = mode };
            }
            else
            {
                planned[path] = new PlannedResolution(path, null, null, false, mode);
            }
        }

        return planned;
    }

    private static void Add(Dictionary<string, PlannedResolution> planned, PlannedResolution entry)
    {
        if (!planned.TryAdd(entry.Path, entry))
        {
            throw MergeErrors.MultipleConflictResolutionEntries(entry.Path);
        }
    }
}
