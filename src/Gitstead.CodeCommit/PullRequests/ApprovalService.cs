using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.CodeCommit.PullRequests;

/// <summary>
/// The approval rules of pull requests, approvals and overrides. Each method checks its input,
/// finds the pull request, authorizes its own action on the pull request's repository, opens the
/// repository's KMS key, and brings the pull request up to date with its branches first, so a
/// push to the source gives a new revision whose approvals start from none. Rules are read and
/// evaluated by <see cref="ApprovalRuleContent"/>.
/// </summary>
public sealed class ApprovalService
{
    private readonly PullRequestStore _store;
    private readonly IAuthorizer _authorizer;
    private readonly RepositoryStore _repositories;

    internal ApprovalService(PullRequestStore store, IAuthorizer authorizer, RepositoryStore repositories)
    {
        _store = store;
        _authorizer = authorizer;
        _repositories = repositories;
    }

    /// <summary>CreatePullRequestApprovalRule: <c>codecommit:CreatePullRequestApprovalRule</c>; a rule with a name new to the pull request, at most 30 rules.</summary>
    public async Task<ApprovalRuleInfo> CreateRuleAsync(CallContext call, string? pullRequestId, string? approvalRuleName, string? approvalRuleContent, CancellationToken ct)
    {
        CommentRules.PullRequestId(pullRequestId);
        var name = PullRequestRules.RuleName(approvalRuleName);
        var content = PullRequestRules.RuleContent(approvalRuleContent);
        var (row, repository) = await OpenWithRepositoryAsync(call, pullRequestId, "codecommit:CreatePullRequestApprovalRule", ct);
        await using var context = _store.Db.Create();
        var rules = await context.PullRequestApprovalRules.Where(r => r.PullRequestKey == row.Key).Select(r => r.Name).ToListAsync(ct);
        if (rules.Contains(name, StringComparer.Ordinal))
        {
            throw PullRequestRules.RuleNameExists(name);
        }

        if (rules.Count >= PullRequestRules.MaxRulesPerPullRequest)
        {
            throw PullRequestRules.NumberOfRulesExceeded();
        }

        var now = _store.Now();
        var rule = new PullRequestApprovalRule
        {
            PullRequestKey = row.Key,
            ApprovalRuleId = Guid.NewGuid().ToString(),
            Name = name,
            Content = content,
            CreationDate = now,
            LastModifiedDate = now,
            LastModifiedUser = call.Caller.Arn,
        };
        context.PullRequestApprovalRules.Add(rule);
        var created = RuleEvent(row, "PULL_REQUEST_APPROVAL_RULE_CREATED", call, now, rule);
        context.PullRequestEvents.Add(created);
        try
        {
            await context.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw PullRequestRules.RuleNameExists(name);
        }

        await _store.NotifyAsync(repository, row.Key, [created]);

        return PullRequestStore.Rule(rule);
    }

    /// <summary>
    /// UpdatePullRequestApprovalRuleContent: <c>codecommit:UpdatePullRequestApprovalRuleContent</c>.
    /// A rule made from a template cannot be changed; with <paramref name="existingRuleContentSha256"/>
    /// the rule must still have that content (InvalidRuleContentSha256Exception).
    /// </summary>
    public async Task<ApprovalRuleInfo> UpdateRuleContentAsync(
        CallContext call, string? pullRequestId, string? approvalRuleName, string? existingRuleContentSha256, string? newRuleContent, CancellationToken ct)
    {
        CommentRules.PullRequestId(pullRequestId);
        var name = PullRequestRules.RuleName(approvalRuleName);
        var sha = PullRequestRules.Sha256(existingRuleContentSha256);
        var content = PullRequestRules.RuleContent(newRuleContent);
        var (row, repository) = await OpenWithRepositoryAsync(call, pullRequestId, "codecommit:UpdatePullRequestApprovalRuleContent", ct);
        await using var context = _store.Db.Create();
        var rule = await context.PullRequestApprovalRules.FirstOrDefaultAsync(r => r.PullRequestKey == row.Key && r.Name == name, ct) ?? throw PullRequestRules.RuleDoesNotExist(name);
        if (rule.TemplateId is not null)
        {
            throw PullRequestRules.CannotModifyRuleFromTemplate(name);
        }

        if (sha is not null && sha != ApprovalRuleContent.Sha256(rule.Content))
        {
            throw PullRequestRules.InvalidRuleContentSha256();
        }

        var now = _store.Now();
        rule.Content = content;
        rule.LastModifiedDate = now;
        rule.LastModifiedUser = call.Caller.Arn;
        var updated = RuleEvent(row, "PULL_REQUEST_APPROVAL_RULE_UPDATED", call, now, rule);
        context.PullRequestEvents.Add(updated);
        await context.SaveChangesAsync(ct);
        await _store.NotifyAsync(repository, row.Key, [updated]);
        return PullRequestStore.Rule(rule);
    }

    /// <summary>
    /// DeletePullRequestApprovalRule: <c>codecommit:DeletePullRequestApprovalRule</c>; the id of
    /// the deleted rule, or null when there was no such rule (CodeCommit answers 200 then). Rules
    /// made from templates cannot be deleted, only overridden.
    /// </summary>
    public async Task<string?> DeleteRuleAsync(CallContext call, string? pullRequestId, string? approvalRuleName, CancellationToken ct)
    {
        CommentRules.PullRequestId(pullRequestId);
        var name = PullRequestRules.RuleName(approvalRuleName);
        var (row, repository) = await OpenWithRepositoryAsync(call, pullRequestId, "codecommit:DeletePullRequestApprovalRule", ct);
        await using var context = _store.Db.Create();
        var rule = await context.PullRequestApprovalRules.FirstOrDefaultAsync(r => r.PullRequestKey == row.Key && r.Name == name, ct);
        if (rule is null)
        {
            return null;
        }

        if (rule.TemplateId is not null)
        {
            throw PullRequestRules.CannotDeleteRuleFromTemplate(name);
        }

        context.PullRequestApprovalRules.Remove(rule);
        var deleted = RuleEvent(row, "PULL_REQUEST_APPROVAL_RULE_DELETED", call, _store.Now(), rule);
        context.PullRequestEvents.Add(deleted);
        await context.SaveChangesAsync(ct);
        await _store.NotifyAsync(repository, row.Key, [deleted]);
        return rule.ApprovalRuleId;
    }

    /// <summary>
    /// UpdatePullRequestApprovalState: <c>codecommit:UpdatePullRequestApprovalState</c>. APPROVE or
    /// REVOKE the current revision of an open pull request; never by its author.
    /// </summary>
    public async Task UpdateApprovalStateAsync(CallContext call, string? pullRequestId, string? revisionId, string? approvalState, CancellationToken ct)
    {
        CommentRules.PullRequestId(pullRequestId);
        var revision = PullRequestRules.RevisionId(revisionId);
        var state = PullRequestRules.ApprovalState(approvalState);
        var (row, repository) = await OpenWithRepositoryAsync(call, pullRequestId, "codecommit:UpdatePullRequestApprovalState", ct);
        Current(row, revision);
        if (row.AuthorArn == call.Caller.Arn)
        {
            throw PullRequestRules.CannotBeApprovedByAuthor();
        }

        await using var context = _store.Db.Create();
        var existing = await context.PullRequestApprovals.FirstOrDefaultAsync(a => a.PullRequestKey == row.Key && a.RevisionId == revision && a.UserArn == call.Caller.Arn, ct);
        var now = _store.Now();
        if (state == "APPROVE" && existing is null)
        {
            if (await context.PullRequestApprovals.CountAsync(a => a.PullRequestKey == row.Key && a.RevisionId == revision, ct) >= PullRequestRules.MaxApprovalsPerPullRequest)
            {
                throw PullRequestRules.MaximumNumberOfApprovalsExceeded();
            }

            context.PullRequestApprovals.Add(new PullRequestApproval { PullRequestKey = row.Key, RevisionId = revision, UserArn = call.Caller.Arn, CreationDate = now });
        }
        else if (state == "REVOKE" && existing is not null)
        {
            context.PullRequestApprovals.Remove(existing);
        }

        var changed = PullRequestStore.Event(row.Key, "PULL_REQUEST_APPROVAL_STATE_CHANGED", call.Caller.Arn, now, new PullRequestEventMetadata
        {
            RevisionId = revision,
            ApprovalStatus = state,
        });
        context.PullRequestEvents.Add(changed);
        try
        {
            await context.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (state == "APPROVE")
        {
            // the same user approved the same revision at the same moment: one approval stands
            return;
        }

        await _store.NotifyAsync(repository, row.Key, [changed]);
    }

    /// <summary>GetPullRequestApprovalStates: <c>codecommit:GetPullRequestApprovalStates</c>; the users who approved this revision.</summary>
    public async Task<IReadOnlyList<ApprovalInfo>> GetApprovalStatesAsync(CallContext call, string? pullRequestId, string? revisionId, CancellationToken ct)
    {
        CommentRules.PullRequestId(pullRequestId);
        var revision = PullRequestRules.RevisionId(revisionId);
        var row = await OpenAsync(call, pullRequestId, "codecommit:GetPullRequestApprovalStates", ct);
        return [.. (await _store.ApproversAsync(row.Key, revision, ct)).Select(arn => new ApprovalInfo(arn, "APPROVE"))];
    }

    /// <summary>EvaluatePullRequestApprovalRules: <c>codecommit:EvaluatePullRequestApprovalRules</c>; the current revision only.</summary>
    public async Task<ApprovalEvaluation> EvaluateAsync(CallContext call, string? pullRequestId, string? revisionId, CancellationToken ct)
    {
        CommentRules.PullRequestId(pullRequestId);
        var revision = PullRequestRules.RevisionId(revisionId);
        var row = await OpenAsync(call, pullRequestId, "codecommit:EvaluatePullRequestApprovalRules", ct);
        Current(row, revision);
        return await _store.EvaluateAsync(row, revision, call.AccountId, ct);
    }

    /// <summary>
    /// OverridePullRequestApprovalRules: <c>codecommit:OverridePullRequestApprovalRules</c>. OVERRIDE
    /// sets every rule aside for the current revision (OverrideAlreadySetException when they are);
    /// REVOKE restores them.
    /// </summary>
    public async Task OverrideAsync(CallContext call, string? pullRequestId, string? revisionId, string? overrideStatus, CancellationToken ct)
    {
        CommentRules.PullRequestId(pullRequestId);
        var revision = PullRequestRules.RevisionId(revisionId);
        var status = PullRequestRules.OverrideStatus(overrideStatus);
        var (row, repository) = await OpenWithRepositoryAsync(call, pullRequestId, "codecommit:OverridePullRequestApprovalRules", ct);
        Current(row, revision);
        var overridden = row.OverriddenBy is not null && row.OverriddenRevisionId == revision;
        if (status == "OVERRIDE" && overridden)
        {
            throw PullRequestRules.OverrideAlreadySet();
        }

        var now = _store.Now();
        await using var context = _store.Db.Create();
        var by = status == "OVERRIDE" ? call.Caller.Arn : null;
        var on = status == "OVERRIDE" ? revision : null;
        await context.PullRequests.Where(p => p.Key == row.Key)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.OverriddenBy, by).SetProperty(p => p.OverriddenRevisionId, on).SetProperty(p => p.LastActivityDate, now), ct);
        var overriddenEvent = PullRequestStore.Event(row.Key, "PULL_REQUEST_APPROVAL_RULE_OVERRIDDEN", call.Caller.Arn, now, new PullRequestEventMetadata
        {
            RevisionId = revision,
            OverrideStatus = status,
        });
        context.PullRequestEvents.Add(overriddenEvent);
        await context.SaveChangesAsync(ct);
        await _store.NotifyAsync(repository, row.Key, [overriddenEvent]);
    }

    /// <summary>GetPullRequestOverrideState: <c>codecommit:GetPullRequestOverrideState</c>; whether the rules are set aside for this revision, and by whom.</summary>
    public async Task<OverrideState> GetOverrideStateAsync(CallContext call, string? pullRequestId, string? revisionId, CancellationToken ct)
    {
        CommentRules.PullRequestId(pullRequestId);
        var revision = PullRequestRules.RevisionId(revisionId);
        var (row, _) = await _store.OpenAsync(_authorizer, _repositories, call, pullRequestId, "codecommit:GetPullRequestOverrideState", KeyUse.Read, ct);
        var overridden = row.OverriddenBy is not null && row.OverriddenRevisionId == revision;
        return new OverrideState(overridden, overridden ? row.OverriddenBy : null);
    }

    /// <summary>Finds, authorizes, opens and refreshes; the changes below need the pull request open.</summary>
    private async Task<PullRequest> OpenAsync(CallContext call, string? pullRequestId, string action, CancellationToken ct) =>
        (await OpenWithRepositoryAsync(call, pullRequestId, action, ct)).Row;

    private async Task<(PullRequest Row, RepositoryInfo Repository)> OpenWithRepositoryAsync(CallContext call, string? pullRequestId, string action, CancellationToken ct)
    {
        var (row, repository) = await _store.OpenAsync(_authorizer, _repositories, call, pullRequestId, action, KeyUse.Read, ct);
        var reads = action is "codecommit:GetPullRequestApprovalStates" or "codecommit:EvaluatePullRequestApprovalRules";
        return reads || row.Status == PullRequestRules.Open ? (row, repository) : throw PullRequestRules.AlreadyClosed(PullRequestStore.Id(row));
    }

    private static void Current(PullRequest row, string revision)
    {
        if (row.RevisionId != revision)
        {
            throw PullRequestRules.RevisionNotCurrent(revision);
        }
    }

    private static PullRequestEvent RuleEvent(PullRequest row, string type, CallContext call, DateTime now, PullRequestApprovalRule rule) =>
        PullRequestStore.Event(row.Key, type, call.Caller.Arn, now, new PullRequestEventMetadata
        {
            ApprovalRuleName = rule.Name,
            ApprovalRuleId = rule.ApprovalRuleId,
            ApprovalRuleContent = rule.Content,
        });
}
