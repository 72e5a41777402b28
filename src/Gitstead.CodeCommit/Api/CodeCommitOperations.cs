using Gitstead.Aws;

namespace Gitstead.CodeCommit.Api;

/// <summary>
/// The CodeCommit operation table (JSON 1.1, <c>X-Amz-Target: CodeCommit_20150413.OP</c>,
/// signing name <c>codecommit</c>): every operation Gitstead serves and its handler.
/// </summary>
internal static class CodeCommitOperations
{
    public static AwsServiceDefinition Create(RepositoryApi repositories, BranchApi branches, CommitApi commits, ContentApi content, FileWriteApi writes, MergeApi merges, TagApi tags, TriggerApi triggers, CommentApi comments,
        ApprovalRuleTemplateApi templates, PullRequestApi pullRequests) =>
        AwsServiceDefinition.Json("codecommit", "2015-04-13", "CodeCommit_20150413", new Dictionary<string, AwsOperationHandler>
        {
            ["CreateRepository"] = repositories.CreateRepositoryAsync,
            ["GetRepository"] = repositories.GetRepositoryAsync,
            ["BatchGetRepositories"] = repositories.BatchGetRepositoriesAsync,
            ["ListRepositories"] = repositories.ListRepositoriesAsync,
            ["UpdateRepositoryName"] = repositories.UpdateRepositoryNameAsync,
            ["UpdateRepositoryDescription"] = repositories.UpdateRepositoryDescriptionAsync,
            ["UpdateRepositoryEncryptionKey"] = repositories.UpdateRepositoryEncryptionKeyAsync,
            ["DeleteRepository"] = repositories.DeleteRepositoryAsync,
            ["CreateBranch"] = branches.CreateBranchAsync,
            ["GetBranch"] = branches.GetBranchAsync,
            ["ListBranches"] = branches.ListBranchesAsync,
            ["DeleteBranch"] = branches.DeleteBranchAsync,
            ["UpdateDefaultBranch"] = branches.UpdateDefaultBranchAsync,
            ["GetCommit"] = branches.GetCommitAsync,
            ["BatchGetCommits"] = commits.BatchGetCommitsAsync,
            ["ListFileCommitHistory"] = commits.ListFileCommitHistoryAsync,
            ["GetBlob"] = content.GetBlobAsync,
            ["GetFile"] = content.GetFileAsync,
            ["GetFolder"] = content.GetFolderAsync,
            ["GetDifferences"] = content.GetDifferencesAsync,
            ["PutFile"] = writes.PutFileAsync,
            ["DeleteFile"] = writes.DeleteFileAsync,
            ["CreateCommit"] = writes.CreateCommitAsync,
            ["GetMergeOptions"] = merges.GetMergeOptionsAsync,
            ["GetMergeConflicts"] = merges.GetMergeConflictsAsync,
            ["DescribeMergeConflicts"] = merges.DescribeMergeConflictsAsync,
            ["BatchDescribeMergeConflicts"] = merges.BatchDescribeMergeConflictsAsync,
            ["GetMergeCommit"] = merges.GetMergeCommitAsync,
            ["MergeBranchesByFastForward"] = merges.MergeBranchesByFastForwardAsync,
            ["MergeBranchesBySquash"] = merges.MergeBranchesBySquashAsync,
            ["MergeBranchesByThreeWay"] = merges.MergeBranchesByThreeWayAsync,
            ["CreateUnreferencedMergeCommit"] = merges.CreateUnreferencedMergeCommitAsync,
            ["TagResource"] = tags.TagResourceAsync,
            ["UntagResource"] = tags.UntagResourceAsync,
            ["ListTagsForResource"] = tags.ListTagsForResourceAsync,
            ["PutRepositoryTriggers"] = triggers.PutRepositoryTriggersAsync,
            ["GetRepositoryTriggers"] = triggers.GetRepositoryTriggersAsync,
            ["TestRepositoryTriggers"] = triggers.TestRepositoryTriggersAsync,
            ["PostCommentForComparedCommit"] = comments.PostCommentForComparedCommitAsync,
            ["PostCommentForPullRequest"] = comments.PostCommentForPullRequestAsync,
            ["PostCommentReply"] = comments.PostCommentReplyAsync,
            ["GetComment"] = comments.GetCommentAsync,
            ["GetCommentsForComparedCommit"] = comments.GetCommentsForComparedCommitAsync,
            ["GetCommentsForPullRequest"] = comments.GetCommentsForPullRequestAsync,
            ["UpdateComment"] = comments.UpdateCommentAsync,
            ["DeleteCommentContent"] = comments.DeleteCommentContentAsync,
            ["PutCommentReaction"] = comments.PutCommentReactionAsync,
            ["GetCommentReactions"] = comments.GetCommentReactionsAsync,
            ["CreateApprovalRuleTemplate"] = templates.CreateApprovalRuleTemplateAsync,
            ["GetApprovalRuleTemplate"] = templates.GetApprovalRuleTemplateAsync,
            ["ListApprovalRuleTemplates"] = templates.ListApprovalRuleTemplatesAsync,
            ["UpdateApprovalRuleTemplateName"] = templates.UpdateApprovalRuleTemplateNameAsync,
            ["UpdateApprovalRuleTemplateDescription"] = templates.UpdateApprovalRuleTemplateDescriptionAsync,
            ["UpdateApprovalRuleTemplateContent"] = templates.UpdateApprovalRuleTemplateContentAsync,
            ["DeleteApprovalRuleTemplate"] = templates.DeleteApprovalRuleTemplateAsync,
            ["AssociateApprovalRuleTemplateWithRepository"] = templates.AssociateApprovalRuleTemplateWithRepositoryAsync,
            ["DisassociateApprovalRuleTemplateFromRepository"] = templates.DisassociateApprovalRuleTemplateFromRepositoryAsync,
            ["BatchAssociateApprovalRuleTemplateWithRepositories"] = templates.BatchAssociateApprovalRuleTemplateWithRepositoriesAsync,
            ["BatchDisassociateApprovalRuleTemplateFromRepositories"] = templates.BatchDisassociateApprovalRuleTemplateFromRepositoriesAsync,
            ["ListAssociatedApprovalRuleTemplatesForRepository"] = templates.ListAssociatedApprovalRuleTemplatesForRepositoryAsync,
            ["ListRepositoriesForApprovalRuleTemplate"] = templates.ListRepositoriesForApprovalRuleTemplateAsync,
            ["CreatePullRequest"] = pullRequests.CreatePullRequestAsync,
            ["GetPullRequest"] = pullRequests.GetPullRequestAsync,
            ["ListPullRequests"] = pullRequests.ListPullRequestsAsync,
            ["UpdatePullRequestTitle"] = pullRequests.UpdatePullRequestTitleAsync,
            ["UpdatePullRequestDescription"] = pullRequests.UpdatePullRequestDescriptionAsync,
            ["UpdatePullRequestStatus"] = pullRequests.UpdatePullRequestStatusAsync,
            ["DescribePullRequestEvents"] = pullRequests.DescribePullRequestEventsAsync,
            ["MergePullRequestByFastForward"] = pullRequests.MergePullRequestByFastForwardAsync,
            ["MergePullRequestBySquash"] = pullRequests.MergePullRequestBySquashAsync,
            ["MergePullRequestByThreeWay"] = pullRequests.MergePullRequestByThreeWayAsync,
            ["CreatePullRequestApprovalRule"] = pullRequests.CreatePullRequestApprovalRuleAsync,
            ["UpdatePullRequestApprovalRuleContent"] = pullRequests.UpdatePullRequestApprovalRuleContentAsync,
            ["DeletePullRequestApprovalRule"] = pullRequests.DeletePullRequestApprovalRuleAsync,
            ["UpdatePullRequestApprovalState"] = pullRequests.UpdatePullRequestApprovalStateAsync,
            ["GetPullRequestApprovalStates"] = pullRequests.GetPullRequestApprovalStatesAsync,
            ["EvaluatePullRequestApprovalRules"] = pullRequests.EvaluatePullRequestApprovalRulesAsync,
            ["OverridePullRequestApprovalRules"] = pullRequests.OverridePullRequestApprovalRulesAsync,
            ["GetPullRequestOverrideState"] = pullRequests.GetPullRequestOverrideStateAsync,
        }) with
        {
            BodyLimits = new Dictionary<string, int>(StringComparer.Ordinal)
            {
                ["PutFile"] = MaxContentBodyBytes,
                ["CreateCommit"] = MaxContentBodyBytes,
                ["MergeBranchesBySquash"] = MaxContentBodyBytes,
                ["MergeBranchesByThreeWay"] = MaxContentBodyBytes,
                ["CreateUnreferencedMergeCommit"] = MaxContentBodyBytes,
                ["MergePullRequestBySquash"] = MaxContentBodyBytes,
                ["MergePullRequestByThreeWay"] = MaxContentBodyBytes,
            },
        };

    /// <summary>
    /// A body that carries file content as base64: CreateCommit's 7 MiB of content (FileWriteRules)
    /// is 9.4 MiB as base64, with room for paths and the rest; larger content is refused by the
    /// service with CodeCommit's own size errors, anything past this with 413.
    /// </summary>
    private const int MaxContentBodyBytes = 12 * 1024 * 1024;
}
