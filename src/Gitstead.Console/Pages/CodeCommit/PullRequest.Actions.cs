using System.Globalization;
using System.Text.Json;
using Gitstead.CodeCommit.PullRequests;
using Gitstead.CodeCommit.Repositories;
using Microsoft.AspNetCore.Mvc;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>The actions of the pull request page, each the service call of its API operation.</summary>
public sealed partial class PullRequestModel
{
    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty(Name = "Content")]
    public string? CommentText { get; set; }

    [BindProperty]
    public string? CommentId { get; set; }

    [BindProperty]
    public string? Reaction { get; set; }

    [BindProperty]
    public string? State { get; set; }

    [BindProperty]
    public string? RevisionId { get; set; }

    [BindProperty]
    public string? BeforeCommitId { get; set; }

    [BindProperty]
    public string? AfterCommitId { get; set; }

    [BindProperty]
    public string? RuleName { get; set; }

    /// <summary>The rule's name before an edit; empty for a new rule.</summary>
    [BindProperty]
    public string? ExistingRuleName { get; set; }

    [BindProperty]
    public string? ExistingRuleSha256 { get; set; }

    [BindProperty]
    public int? ApprovalsNeeded { get; set; }

    /// <summary>Pool members, one a line (CodeCommitApprovers:ACCOUNT:NAME or an ARN).</summary>
    [BindProperty]
    public string? PoolMembers { get; set; }

    [BindProperty]
    public string? Strategy { get; set; }

    [BindProperty]
    public string? Resolution { get; set; }

    [BindProperty]
    public string? CommitMessage { get; set; }

    [BindProperty]
    public string? AuthorName { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? SourceCommitId { get; set; }

    /// <summary>The reactions a comment can get, in CodeCommit's order.</summary>
    public static IReadOnlyList<ReactionFormats> Reactions => CommentService.Reactions;

    /// <summary>UpdatePullRequestTitle and UpdatePullRequestDescription, each only when it changed.</summary>
    public Task<IActionResult> OnPostDetailsAsync() => ActAsync(async ct =>
    {
        var current = await pullRequests.GetAsync(Call, Id, ct);
        if (Title != current.Title)
        {
            await pullRequests.UpdateTitleAsync(Call, Id, Title, ct);
        }

        if ((Description ?? "") != (current.Description ?? ""))
        {
            await pullRequests.UpdateDescriptionAsync(Call, Id, Description ?? "", ct);
        }

        return "Saved the title and description.";
    }, "activity", null);

    /// <summary>UpdatePullRequestStatus: close or reopen.</summary>
    public Task<IActionResult> OnPostStatusAsync() => ActAsync(async ct =>
    {
        var updated = await pullRequests.UpdateStatusAsync(Call, Id, State, ct);
        return updated.Status == "OPEN" ? $"Reopened pull request {Id}." : $"Closed pull request {Id}.";
    }, "activity");

    /// <summary>PostCommentForPullRequest: a general comment, or on a file's line (BEFORE or AFTER).</summary>
    public Task<IActionResult> OnPostCommentAsync()
    {
        var onLine = !string.IsNullOrEmpty(CommentFile);
        var location = onLine ? new CommentLocationInput(CommentFile, CommentLine, CommentSide) : null;
        return ActAsync(async ct =>
        {
            await comments.PostForPullRequestAsync(Call, Id, Name, BeforeCommitId, AfterCommitId, location, CommentText, null, ct);
            return onLine ? $"Commented on {CommentFile} line {CommentLine}." : "Commented on the pull request.";
        }, onLine ? "changes" : "activity");
    }

    /// <summary>PostCommentReply.</summary>
    public Task<IActionResult> OnPostReplyAsync() => ActAsync(async ct =>
    {
        await comments.PostReplyAsync(Call, CommentId, CommentText, null, ct);
        return "Replied to the comment.";
    }, ReturnTab);

    /// <summary>PutCommentReaction.</summary>
    public Task<IActionResult> OnPostReactionAsync() => ActAsync(async ct =>
    {
        await comments.PutReactionAsync(Call, CommentId, Reaction, ct);
        return "Reacted to the comment.";
    }, ReturnTab);

    /// <summary>UpdatePullRequestApprovalState of the revision shown.</summary>
    public Task<IActionResult> OnPostApprovalAsync() => ActAsync(async ct =>
    {
        await approvals.UpdateApprovalStateAsync(Call, Id, RevisionId, State, ct);
        return State == "APPROVE" ? "Approved the pull request." : "Revoked your approval.";
    }, "approvals");

    /// <summary>OverridePullRequestApprovalRules of the revision shown.</summary>
    public Task<IActionResult> OnPostOverrideAsync() => ActAsync(async ct =>
    {
        await approvals.OverrideAsync(Call, Id, RevisionId, State, ct);
        return State == "OVERRIDE" ? "Overrode the approval rules." : "Revoked the override: the approval rules apply again.";
    }, "approvals");

    /// <summary>CreatePullRequestApprovalRule, or UpdatePullRequestApprovalRuleContent for an existing rule.</summary>
    public Task<IActionResult> OnPostRuleAsync()
    {
        var content = RuleContent(ApprovalsNeeded, PoolMembers);
        var existing = string.IsNullOrEmpty(ExistingRuleName) ? null : ExistingRuleName;
        return ActAsync(async ct =>
        {
            if (existing is null)
            {
                await approvals.CreateRuleAsync(Call, Id, RuleName, content, ct);
                return $"Created approval rule {RuleName}.";
            }

            await approvals.UpdateRuleContentAsync(Call, Id, existing, ExistingRuleSha256, content, ct);
            return $"Saved approval rule {existing}.";
        }, "approvals");
    }

    /// <summary>DeletePullRequestApprovalRule.</summary>
    public Task<IActionResult> OnPostDeleteRuleAsync() => ActAsync(async ct =>
    {
        await approvals.DeleteRuleAsync(Call, Id, RuleName, ct);
        return $"Deleted approval rule {RuleName}.";
    }, "approvals");

    /// <summary>MergePullRequestByFastForward, BySquash or ByThreeWay of the source commit shown.</summary>
    public Task<IActionResult> OnPostMergeAsync()
    {
        var commit = new MergeCommitRequest { AuthorName = AuthorName, Email = Email, CommitMessage = CommitMessage };
        return ActAsync(async ct =>
        {
            var merged = Strategy switch
            {
                MergeModel.FastForward => await pullRequests.MergeByFastForwardAsync(Call, Id, Name, SourceCommitId, ct),
                MergeModel.ThreeWay => await pullRequests.MergeByThreeWayAsync(Call, Id, Name, SourceCommitId, "LINE_LEVEL", Resolution ?? "NONE", commit, ct),
                _ => await pullRequests.MergeBySquashAsync(Call, Id, Name, SourceCommitId, "LINE_LEVEL", Resolution ?? "NONE", commit, ct),
            };
            var metadata = merged.Target.MergeMetadata;
            return $"Merged pull request {Id} by {PullRequestDisplay.MergeOption(metadata.MergeOption)}: {DestinationBranch} is at commit {Display.ShortId(metadata.MergeCommitId ?? "")}.";
        }, "merge");
    }

    /// <summary>The tab a comment form was on (a hidden field), so the answer comes back there.</summary>
    private string ReturnTab => Request.HasFormContentType && Request.Form["returnTab"].ToString() is "changes" ? "changes" : "activity";

    /// <summary>The JSON content of a rule of one Approvers statement, as the CodeCommit console writes it.</summary>
    public static string RuleContent(int? approvalsNeeded, string? poolMembers)
    {
        var members = (poolMembers ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var statement = new Dictionary<string, object>
        {
            ["Type"] = "Approvers",
            ["NumberOfApprovalsNeeded"] = approvalsNeeded ?? 1,
        };
        if (members.Length > 0)
        {
            statement["ApprovalPoolMembers"] = members;
        }

        return JsonSerializer.Serialize(new Dictionary<string, object> { ["Version"] = ApprovalRuleContent.CurrentVersion, ["Statements"] = new[] { statement } });
    }

    /// <summary>A rule's statements in words: "2 approvals from CodeCommitApprovers:…".</summary>
    public static IReadOnlyList<string> Describe(string content)
    {
        if (!ApprovalRuleContent.TryParse(content, false, out var parsed, out _) || parsed is null)
        {
            return [content];
        }

        return [.. parsed.Statements.Select(s =>
            $"{s.NumberOfApprovalsNeeded.ToString(CultureInfo.InvariantCulture)} approval{(s.NumberOfApprovalsNeeded == 1 ? "" : "s")} from "
            + (s.ApprovalPoolMembers.Count == 0 ? "any user of the account" : string.Join(", ", s.ApprovalPoolMembers)))];
    }

    /// <summary>The number of approvals and the pool of a rule's first statement, to prefill its edit form.</summary>
    public static (int Approvals, string Members) FirstStatement(string content) =>
        ApprovalRuleContent.TryParse(content, false, out var parsed, out _) && parsed is { Statements.Count: > 0 }
            ? (parsed.Statements[0].NumberOfApprovalsNeeded, string.Join('\n', parsed.Statements[0].ApprovalPoolMembers))
            : (1, "");
}
