using Gitstead.Aws;
using static Gitstead.CodeCommit.Repositories.CodeCommitErrors;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>The merge operations' modelled errors (all 400).</summary>
internal static class MergeErrors
{
    public static AwsServiceException MergeOptionRequired() =>
        Error("MergeOptionRequiredException", "A merge option is required, and none was provided.");

    public static AwsServiceException InvalidMergeOption(string value) =>
        Error("InvalidMergeOptionException", $"The specified merge option is not valid: {value}. Valid values are FAST_FORWARD_MERGE, SQUASH_MERGE and THREE_WAY_MERGE.");

    public static AwsServiceException InvalidConflictDetailLevel(string value) =>
        Error("InvalidConflictDetailLevelException", $"The specified conflict detail level is not valid: {value}. Valid values are FILE_LEVEL and LINE_LEVEL.");

    public static AwsServiceException InvalidConflictResolutionStrategy(string value) =>
        Error("InvalidConflictResolutionStrategyException",
            $"The specified conflict resolution strategy is not valid: {value}. Valid values are NONE, ACCEPT_SOURCE, ACCEPT_DESTINATION and AUTOMERGE.");

    public static AwsServiceException InvalidConflictResolution(string path) =>
        Error("InvalidConflictResolutionException", $"The specified conflict resolution list is not valid: {path} is not a conflicted file of this merge.");

    public static AwsServiceException MaximumConflictResolutionEntriesExceeded() =>
        Error("MaximumConflictResolutionEntriesExceededException", $"The number of allowed conflict resolution entries was exceeded: the limit is {MergeRules.MaxResolutionEntries}.");

    public static AwsServiceException MultipleConflictResolutionEntries(string path) =>
        Error("MultipleConflictResolutionEntriesException", $"More than one conflict resolution entry exists for {path}. A conflict can have only one conflict resolution entry.");

    public static AwsServiceException ReplacementTypeRequired() =>
        Error("ReplacementTypeRequiredException", "A replacement type is required.");

    public static AwsServiceException InvalidReplacementType(string value) =>
        Error("InvalidReplacementTypeException", $"The replacement type is not valid: {value}. Valid values are KEEP_BASE, KEEP_SOURCE, KEEP_DESTINATION and USE_NEW_CONTENT.");

    public static AwsServiceException ReplacementContentRequired(string path) =>
        Error("ReplacementContentRequiredException", $"USE_NEW_CONTENT was specified for {path}, but no replacement content has been provided.");

    public static AwsServiceException InvalidReplacementContent(string path) =>
        Error("InvalidReplacementContentException", $"Automerge was specified for resolving the conflict, but the replacement content for {path} is only allowed with USE_NEW_CONTENT.");

    public static AwsServiceException ManualMergeRequired(string? path = null) =>
        Error("ManualMergeRequiredException",
            "The pull request cannot be merged automatically into the destination branch. You must manually merge the branches and resolve any conflicts"
            + (path is null ? "." : $" ({path} is in conflict)."));

    /// <summary>Two commits with no common ancestor: <c>git merge</c> refuses them too unless told <c>--allow-unrelated-histories</c>.</summary>
    public static AwsServiceException UnrelatedHistories(string source, string destination) =>
        Error("ManualMergeRequiredException",
            $"The source commit {source} and the destination commit {destination} have no common ancestor (unrelated histories), so they cannot be merged automatically."
            + " Merge them with git merge --allow-unrelated-histories and push the result.");

    public static AwsServiceException TipsDivergenceExceeded(int commits) =>
        Error("TipsDivergenceExceededException",
            $"The divergence between the tips of the provided commit specifiers is too great to determine whether there might be any merge conflicts: more than {commits} commits"
            + " separate a tip from the merge base. Locally compare the specifiers using git diff or a diff tool.");

    public static AwsServiceException ConcurrentReferenceUpdate(string branch) =>
        Error("ConcurrentReferenceUpdateException", $"The merge cannot be completed because the target branch {branch} has been modified. Another user might have modified the branch. Try again.");

    public static AwsServiceException InvalidTargetBranch(string value) =>
        Error("InvalidTargetBranchException", $"The specified target branch is not valid: {value}");

    public static AwsServiceException InvalidMaxConflictFiles() =>
        Error("InvalidMaxConflictFilesException", $"The specified value for the number of conflict files to return is not valid: it must be between 1 and {MergeRules.MaxPageSize}.");

    public static AwsServiceException InvalidMaxMergeHunks() =>
        Error("InvalidMaxMergeHunksException", $"The specified value for the number of merge hunks to return is not valid: it must be between 1 and {MergeRules.MaxPageSize}.");

    public static AwsServiceException MaximumFileContentToLoadExceeded() =>
        Error("MaximumFileContentToLoadExceededException", $"A file of this merge is larger than the {FileService.MaxContentBytes} bytes that can be loaded to compare it.");

    public static AwsServiceException NotAConflict(string path) =>
        Error("FileDoesNotExistException", $"The file {path} is not in conflict in this merge.");
}
