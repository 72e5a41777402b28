using System.Text.Json.Nodes;
using Gitstead.Aws;
using Gitstead.CodeCommit.PullRequests;
using static Gitstead.Aws.AwsJson;

namespace Gitstead.CodeCommit.Api;

/// <summary>
/// Pull requests and their approvals (botocore <c>codecommit/2015-04-13</c>): CreatePullRequest,
/// GetPullRequest, ListPullRequests, UpdatePullRequestTitle/Description/Status,
/// DescribePullRequestEvents, the three MergePullRequestBy*, the pull request approval rules,
/// approval states, evaluation and override. Each parses the body, calls
/// <see cref="PullRequestService"/> or <see cref="ApprovalService"/> and renders.
/// </summary>
internal sealed class PullRequestApi(PullRequestService pullRequests, ApprovalService approvals)
{
    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_CreatePullRequest.html
    public async Task<AwsResult> CreatePullRequestAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var targets = json.ObjectList("targets")?.Select(t => new PullRequestTargetInput(t.String("repositoryName"), t.String("sourceReference"), t.String("destinationReference"))).ToList();
        var created = await pullRequests.CreateAsync(ctx.Call, json.String("title"), json.String("description"), targets, json.String("clientRequestToken"), ctx.Aborted);
        return Answer(created);
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetPullRequest.html
    public async Task<AwsResult> GetPullRequestAsync(AwsRequestContext ctx) =>
        Answer(await pullRequests.GetAsync(ctx.Call, ctx.Json.String("pullRequestId"), ctx.Aborted));

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_ListPullRequests.html
    public async Task<AwsResult> ListPullRequestsAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var page = await pullRequests.ListAsync(
            ctx.Call, json.String("repositoryName"), json.String("authorArn"), json.String("pullRequestStatus"), json.String("nextToken"), json.Int("maxResults"), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["pullRequestIds"] = Strings(page.Items) }.WithNextToken(page));
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_UpdatePullRequestTitle.html
    public async Task<AwsResult> UpdatePullRequestTitleAsync(AwsRequestContext ctx) =>
        Answer(await pullRequests.UpdateTitleAsync(ctx.Call, ctx.Json.String("pullRequestId"), ctx.Json.String("title"), ctx.Aborted));

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_UpdatePullRequestDescription.html
    public async Task<AwsResult> UpdatePullRequestDescriptionAsync(AwsRequestContext ctx) =>
        Answer(await pullRequests.UpdateDescriptionAsync(ctx.Call, ctx.Json.String("pullRequestId"), ctx.Json.String("description"), ctx.Aborted));

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_UpdatePullRequestStatus.html
    public async Task<AwsResult> UpdatePullRequestStatusAsync(AwsRequestContext ctx) =>
        Answer(await pullRequests.UpdateStatusAsync(ctx.Call, ctx.Json.String("pullRequestId"), ctx.Json.String("pullRequestStatus"), ctx.Aborted));

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_DescribePullRequestEvents.html
    public async Task<AwsResult> DescribePullRequestEventsAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var page = await pullRequests.DescribeEventsAsync(
            ctx.Call, json.String("pullRequestId"), json.String("pullRequestEventType"), json.String("actorArn"), json.String("nextToken"), json.Int("maxResults"), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["pullRequestEvents"] = new JsonArray([.. page.Items.Select(Event)]) }.WithNextToken(page));
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_MergePullRequestByFastForward.html
    public async Task<AwsResult> MergePullRequestByFastForwardAsync(AwsRequestContext ctx) =>
        Answer(await pullRequests.MergeByFastForwardAsync(ctx.Call, ctx.Json.String("pullRequestId"), ctx.Json.String("repositoryName"), ctx.Json.String("sourceCommitId"), ctx.Aborted));

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_MergePullRequestBySquash.html
    public async Task<AwsResult> MergePullRequestBySquashAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        return Answer(await pullRequests.MergeBySquashAsync(
            ctx.Call, json.String("pullRequestId"), json.String("repositoryName"), json.String("sourceCommitId"), json.String("conflictDetailLevel"),
            json.String("conflictResolutionStrategy"), MergeApi.Commit(json), ctx.Aborted));
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_MergePullRequestByThreeWay.html
    public async Task<AwsResult> MergePullRequestByThreeWayAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        return Answer(await pullRequests.MergeByThreeWayAsync(
            ctx.Call, json.String("pullRequestId"), json.String("repositoryName"), json.String("sourceCommitId"), json.String("conflictDetailLevel"),
            json.String("conflictResolutionStrategy"), MergeApi.Commit(json), ctx.Aborted));
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_CreatePullRequestApprovalRule.html
    public async Task<AwsResult> CreatePullRequestApprovalRuleAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var rule = await approvals.CreateRuleAsync(ctx.Call, json.String("pullRequestId"), json.String("approvalRuleName"), json.String("approvalRuleContent"), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["approvalRule"] = Rule(rule) });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_UpdatePullRequestApprovalRuleContent.html
    public async Task<AwsResult> UpdatePullRequestApprovalRuleContentAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var rule = await approvals.UpdateRuleContentAsync(
            ctx.Call, json.String("pullRequestId"), json.String("approvalRuleName"), json.String("existingRuleContentSha256"), json.String("newRuleContent"), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["approvalRule"] = Rule(rule) });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_DeletePullRequestApprovalRule.html
    public async Task<AwsResult> DeletePullRequestApprovalRuleAsync(AwsRequestContext ctx)
    {
        var id = await approvals.DeleteRuleAsync(ctx.Call, ctx.Json.String("pullRequestId"), ctx.Json.String("approvalRuleName"), ctx.Aborted);
        var body = new JsonObject();
        AddIfSet(body, "approvalRuleId", id);
        return AwsResult.Json(body);
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_UpdatePullRequestApprovalState.html
    public async Task<AwsResult> UpdatePullRequestApprovalStateAsync(AwsRequestContext ctx)
    {
        await approvals.UpdateApprovalStateAsync(ctx.Call, ctx.Json.String("pullRequestId"), ctx.Json.String("revisionId"), ctx.Json.String("approvalState"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetPullRequestApprovalStates.html
    public async Task<AwsResult> GetPullRequestApprovalStatesAsync(AwsRequestContext ctx)
    {
        var states = await approvals.GetApprovalStatesAsync(ctx.Call, ctx.Json.String("pullRequestId"), ctx.Json.String("revisionId"), ctx.Aborted);
        return AwsResult.Json(new JsonObject
        {
            ["approvals"] = new JsonArray([.. states.Select(a => new JsonObject { ["userArn"] = a.UserArn, ["approvalState"] = a.ApprovalState })]),
        });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_EvaluatePullRequestApprovalRules.html
    public async Task<AwsResult> EvaluatePullRequestApprovalRulesAsync(AwsRequestContext ctx)
    {
        var evaluation = await approvals.EvaluateAsync(ctx.Call, ctx.Json.String("pullRequestId"), ctx.Json.String("revisionId"), ctx.Aborted);
        return AwsResult.Json(new JsonObject
        {
            ["evaluation"] = new JsonObject
            {
                ["approved"] = evaluation.Approved,
                ["overridden"] = evaluation.Overridden,
                ["approvalRulesSatisfied"] = Strings(evaluation.ApprovalRulesSatisfied),
                ["approvalRulesNotSatisfied"] = Strings(evaluation.ApprovalRulesNotSatisfied),
            },
        });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_OverridePullRequestApprovalRules.html
    public async Task<AwsResult> OverridePullRequestApprovalRulesAsync(AwsRequestContext ctx)
    {
        await approvals.OverrideAsync(ctx.Call, ctx.Json.String("pullRequestId"), ctx.Json.String("revisionId"), ctx.Json.String("overrideStatus"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetPullRequestOverrideState.html
    public async Task<AwsResult> GetPullRequestOverrideStateAsync(AwsRequestContext ctx)
    {
        var state = await approvals.GetOverrideStateAsync(ctx.Call, ctx.Json.String("pullRequestId"), ctx.Json.String("revisionId"), ctx.Aborted);
        var body = new JsonObject { ["overridden"] = state.Overridden };
        AddIfSet(body, "overrider", state.Overrider);
        return AwsResult.Json(body);
    }

    private static AwsResult Answer(PullRequestInfo pullRequest) => AwsResult.Json(new JsonObject { ["pullRequest"] = PullRequest(pullRequest) });

    /// <summary><c>PullRequest</c>.</summary>
    private static JsonObject PullRequest(PullRequestInfo p)
    {
        var json = new JsonObject { ["pullRequestId"] = p.PullRequestId, ["title"] = p.Title };
        AddIfSet(json, "description", p.Description);
        json["lastActivityDate"] = Epoch(p.LastActivityDate);
        json["creationDate"] = Epoch(p.CreationDate);
        json["pullRequestStatus"] = p.Status;
        json["authorArn"] = p.AuthorArn;
        var t = p.Target;
        var target = new JsonObject
        {
            ["repositoryName"] = t.RepositoryName,
            ["sourceReference"] = t.SourceReference,
            ["destinationReference"] = t.DestinationReference,
            ["destinationCommit"] = t.DestinationCommit,
            ["sourceCommit"] = t.SourceCommit,
        };
        AddIfSet(target, "mergeBase", t.MergeBase);
        target["mergeMetadata"] = MergeMetadata(t.MergeMetadata);
        json["pullRequestTargets"] = new JsonArray(target);
        AddIfSet(json, "clientRequestToken", p.ClientRequestToken);
        json["revisionId"] = p.RevisionId;
        json["approvalRules"] = new JsonArray([.. p.ApprovalRules.Select(Rule)]);
        return json;
    }

    private static JsonObject MergeMetadata(MergeMetadataInfo m)
    {
        var json = new JsonObject { ["isMerged"] = m.IsMerged };
        AddIfSet(json, "mergedBy", m.MergedBy);
        AddIfSet(json, "mergeCommitId", m.MergeCommitId);
        AddIfSet(json, "mergeOption", m.MergeOption);
        return json;
    }

    /// <summary><c>ApprovalRule</c>.</summary>
    private static JsonObject Rule(ApprovalRuleInfo r)
    {
        var json = new JsonObject
        {
            ["approvalRuleId"] = r.ApprovalRuleId,
            ["approvalRuleName"] = r.ApprovalRuleName,
            ["approvalRuleContent"] = r.ApprovalRuleContent,
            ["ruleContentSha256"] = r.RuleContentSha256,
            ["lastModifiedDate"] = Epoch(r.LastModifiedDate),
            ["creationDate"] = Epoch(r.CreationDate),
            ["lastModifiedUser"] = r.LastModifiedUser,
        };
        if (r.TemplateId is not null)
        {
            json["originApprovalRuleTemplate"] = new JsonObject { ["approvalRuleTemplateId"] = r.TemplateId, ["approvalRuleTemplateName"] = r.TemplateName };
        }

        return json;
    }

    /// <summary><c>PullRequestEvent</c> with the one metadata member of its type.</summary>
    private static JsonObject Event(PullRequestEventInfo e)
    {
        var json = new JsonObject
        {
            ["pullRequestId"] = e.PullRequestId,
            ["eventDate"] = Epoch(e.EventDate),
            ["pullRequestEventType"] = e.EventType,
        };
        AddIfSet(json, "actorArn", e.ActorArn);
        var m = e.Metadata;
        var (member, metadata) = e.EventType switch
        {
            "PULL_REQUEST_CREATED" => ("pullRequestCreatedEventMetadata", Members(("repositoryName", m.RepositoryName), ("sourceCommitId", m.SourceCommitId), ("destinationCommitId", m.DestinationCommitId), ("mergeBase", m.MergeBase))),
            "PULL_REQUEST_STATUS_CHANGED" => ("pullRequestStatusChangedEventMetadata", Members(("pullRequestStatus", m.PullRequestStatus))),
            "PULL_REQUEST_SOURCE_REFERENCE_UPDATED" => ("pullRequestSourceReferenceUpdatedEventMetadata", Members(("repositoryName", m.RepositoryName), ("beforeCommitId", m.BeforeCommitId), ("afterCommitId", m.AfterCommitId), ("mergeBase", m.MergeBase))),
            "PULL_REQUEST_MERGE_STATE_CHANGED" => ("pullRequestMergedStateChangedEventMetadata", Members(("repositoryName", m.RepositoryName), ("destinationReference", m.DestinationReference))),
            "PULL_REQUEST_APPROVAL_STATE_CHANGED" => ("approvalStateChangedEventMetadata", Members(("revisionId", m.RevisionId), ("approvalStatus", m.ApprovalStatus))),
            "PULL_REQUEST_APPROVAL_RULE_OVERRIDDEN" => ("approvalRuleOverriddenEventMetadata", Members(("revisionId", m.RevisionId), ("overrideStatus", m.OverrideStatus))),
            _ => ("approvalRuleEventMetadata", Members(("approvalRuleName", m.ApprovalRuleName), ("approvalRuleId", m.ApprovalRuleId), ("approvalRuleContent", m.ApprovalRuleContent))),
        };
        if (m.MergeMetadata is { } merge)
        {
            metadata["mergeMetadata"] = MergeMetadata(merge);
        }

        json[member] = metadata;
        return json;
    }

    private static JsonObject Members(params (string Name, string? Value)[] members)
    {
        var json = new JsonObject();
        foreach (var (name, value) in members)
        {
            AddIfSet(json, name, value);
        }

        return json;
    }
}
