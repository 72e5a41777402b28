using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// Approval rules of pull requests with boto3 and the aws CLI: rules and their content hash,
/// approvals by pool members (never the author) on the current revision, evaluation, a new
/// revision after a push to the source that starts the count again, overrides, merges refused
/// while rules are not met, rule edits and deletions, and the events each of them records.
/// </summary>
public abstract class ApiPullRequestApprovalTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    private string RootArn => $"arn:aws:iam::{server.AccountId}:root";

    [Fact]
    public async Task ARule_IsMetByAPoolMembersApproval_OnTheCurrentRevisionOnly_AndThenTheMergeGoesThrough()
    {
        // Arrange: the author is the root; reviewer-* users form the pool.
        var s = await ScenarioAsync("apprules");
        var reviewer = await UserAsync("reviewer", GitSteps.PowerUser);
        var outsider = await UserAsync("outsider", GitSteps.PowerUser);
        var content = Rule(1, $"CodeCommitApprovers:{server.AccountId}:reviewer-*");

        // Act
        var rule = (await server.RunAwsAsync(server.Root, "codecommit", "create-pull-request-approval-rule", "--pull-request-id", s.Id,
            "--approval-rule-name", "One reviewer", "--approval-rule-content", content)).Ok()["approvalRule"]!;
        var revision = await RevisionAsync(s.Id);
        var before = (await Call("EvaluatePullRequestApprovalRules", new { pullRequestId = s.Id, revisionId = revision })).Ok()["evaluation"]!;
        var refused = (await Call("MergePullRequestByFastForward", new { pullRequestId = s.Id, repositoryName = s.Name })).Failed();
        var byAuthor = (await Call("UpdatePullRequestApprovalState", new { pullRequestId = s.Id, revisionId = revision, approvalState = "APPROVE" })).Failed();
        (await server.Boto3Async(outsider.Keys, "codecommit", "UpdatePullRequestApprovalState", new { pullRequestId = s.Id, revisionId = revision, approvalState = "APPROVE" })).Ok();
        var outsiderOnly = (await Call("EvaluatePullRequestApprovalRules", new { pullRequestId = s.Id, revisionId = revision })).Ok()["evaluation"]!;
        (await server.Boto3Async(reviewer.Keys, "codecommit", "UpdatePullRequestApprovalState", new { pullRequestId = s.Id, revisionId = revision, approvalState = "APPROVE" })).Ok();
        var states = (await Call("GetPullRequestApprovalStates", new { pullRequestId = s.Id, revisionId = revision })).Ok()["approvals"]!.AsArray();
        var approved = (await Call("EvaluatePullRequestApprovalRules", new { pullRequestId = s.Id, revisionId = revision })).Ok()["evaluation"]!;
        var pushed = await CommitAsync(s.Name, "feature", s.Feature, "c.txt", "c\n");
        var newRevision = await RevisionAsync(s.Id);
        var stale = (await Call("EvaluatePullRequestApprovalRules", new { pullRequestId = s.Id, revisionId = revision })).Failed();
        var staleApproval = (await server.Boto3Async(reviewer.Keys, "codecommit", "UpdatePullRequestApprovalState", new { pullRequestId = s.Id, revisionId = revision, approvalState = "APPROVE" })).Failed();
        var restarted = (await Call("EvaluatePullRequestApprovalRules", new { pullRequestId = s.Id, revisionId = newRevision })).Ok()["evaluation"]!;
        (await server.Boto3Async(reviewer.Keys, "codecommit", "UpdatePullRequestApprovalState", new { pullRequestId = s.Id, revisionId = newRevision, approvalState = "APPROVE" })).Ok();
        var merged = (await Call("MergePullRequestByFastForward", new { pullRequestId = s.Id, repositoryName = s.Name, sourceCommitId = pushed })).Ok()["pullRequest"]!;
        var approvalEvents = (await Call("DescribePullRequestEvents", new { pullRequestId = s.Id, pullRequestEventType = "PULL_REQUEST_APPROVAL_STATE_CHANGED", actorArn = reviewer.Arn })).Ok()["pullRequestEvents"]!.AsArray();

        // Assert
        Assert.Equal(("One reviewer", content, Sha256(content), RootArn), ((string)rule["approvalRuleName"], (string)rule["approvalRuleContent"], (string)rule["ruleContentSha256"], (string)rule["lastModifiedUser"]));
        Assert.True(Guid.TryParse((string)rule["approvalRuleId"], out _));
        Assert.Null(rule["originApprovalRuleTemplate"]);
        Assert.Equal((false, false), ((bool)before["approved"], (bool)before["overridden"]));
        Assert.Equal(["One reviewer"], before["approvalRulesNotSatisfied"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("PullRequestApprovalRulesNotSatisfiedException", refused.Code);
        Assert.Equal("PullRequestCannotBeApprovedByAuthorException", byAuthor.Code);
        Assert.False((bool)outsiderOnly["approved"]);
        Assert.Equal([(outsider.Arn, "APPROVE"), (reviewer.Arn, "APPROVE")], states.Select(a => ((string)a!["userArn"]!, (string)a["approvalState"]!)));
        Assert.True((bool)approved["approved"]);
        Assert.Equal(["One reviewer"], approved["approvalRulesSatisfied"]!.AsArray().Select(n => (string)n!));
        Assert.NotEqual(revision, newRevision);
        Assert.Equal(("RevisionNotCurrentException", "RevisionNotCurrentException"), (stale.Code, staleApproval.Code));
        Assert.False((bool)restarted["approved"]);
        Assert.True((bool)merged["pullRequestTargets"]![0]!["mergeMetadata"]!["isMerged"]!);
        Assert.Equal([revision, newRevision], approvalEvents.Select(e => (string)e!["approvalStateChangedEventMetadata"]!["revisionId"]!));
        Assert.All(approvalEvents, e => Assert.Equal("APPROVE", (string)e!["approvalStateChangedEventMetadata"]!["approvalStatus"]));
    }

    [Fact]
    public async Task AnOverride_SetsTheRulesAsideForTheRevision_AndARevokeRestoresThem()
    {
        // Arrange
        var s = await ScenarioAsync("appoverride");
        (await Call("CreatePullRequestApprovalRule", new { pullRequestId = s.Id, approvalRuleName = "Two", approvalRuleContent = Rule(2) })).Ok();
        var revision = await RevisionAsync(s.Id);

        // Act
        var none = (await Call("GetPullRequestOverrideState", new { pullRequestId = s.Id, revisionId = revision })).Ok();
        (await server.RunAwsAsync(server.Root, "codecommit", "override-pull-request-approval-rules", "--pull-request-id", s.Id, "--revision-id", revision, "--override-status", "OVERRIDE")).Ok();
        var state = (await Call("GetPullRequestOverrideState", new { pullRequestId = s.Id, revisionId = revision })).Ok();
        var evaluation = (await Call("EvaluatePullRequestApprovalRules", new { pullRequestId = s.Id, revisionId = revision })).Ok()["evaluation"]!;
        var twice = (await Call("OverridePullRequestApprovalRules", new { pullRequestId = s.Id, revisionId = revision, overrideStatus = "OVERRIDE" })).Failed();
        (await Call("OverridePullRequestApprovalRules", new { pullRequestId = s.Id, revisionId = revision, overrideStatus = "REVOKE" })).Ok();
        var restored = (await Call("EvaluatePullRequestApprovalRules", new { pullRequestId = s.Id, revisionId = revision })).Ok()["evaluation"]!;
        var invalid = (await Call("OverridePullRequestApprovalRules", new { pullRequestId = s.Id, revisionId = revision, overrideStatus = "MAYBE" })).Failed();
        var events = (await Call("DescribePullRequestEvents", new { pullRequestId = s.Id, pullRequestEventType = "PULL_REQUEST_APPROVAL_RULE_OVERRIDDEN" })).Ok()["pullRequestEvents"]!.AsArray();

        // Assert
        Assert.False((bool)none["overridden"]);
        Assert.Null(none["overrider"]);
        Assert.Equal((true, RootArn), ((bool)state["overridden"], (string)state["overrider"]));
        Assert.Equal((true, true), ((bool)evaluation["approved"], (bool)evaluation["overridden"]));
        Assert.Equal(("OverrideAlreadySetException", "InvalidOverrideStatusException"), (twice.Code, invalid.Code));
        Assert.Equal((false, false), ((bool)restored["approved"], (bool)restored["overridden"]));
        Assert.Equal(["OVERRIDE", "REVOKE"], events.Select(e => (string)e!["approvalRuleOverriddenEventMetadata"]!["overrideStatus"]!));
    }

    [Fact]
    public async Task Rules_AreEditedWithTheirContentHash_ListedOnThePullRequest_AndDeleted()
    {
        // Arrange
        var s = await ScenarioAsync("appedit");
        var first = Rule(1);
        var second = Rule(2, $"arn:aws:iam::{server.AccountId}:user/lead-*");
        (await Call("CreatePullRequestApprovalRule", new { pullRequestId = s.Id, approvalRuleName = "Leads", approvalRuleContent = first })).Ok();

        // Act
        var duplicate = (await Call("CreatePullRequestApprovalRule", new { pullRequestId = s.Id, approvalRuleName = "Leads", approvalRuleContent = first })).Failed();
        var invalid = (await Call("CreatePullRequestApprovalRule", new { pullRequestId = s.Id, approvalRuleName = "Bad", approvalRuleContent = "{\"Version\":\"2018-11-08\"}" })).Failed();
        var wrongHash = (await Call("UpdatePullRequestApprovalRuleContent", new { pullRequestId = s.Id, approvalRuleName = "Leads", existingRuleContentSha256 = Sha256(second), newRuleContent = second })).Failed();
        var missing = (await Call("UpdatePullRequestApprovalRuleContent", new { pullRequestId = s.Id, approvalRuleName = "Nobody", newRuleContent = second })).Failed();
        var updated = (await Call("UpdatePullRequestApprovalRuleContent", new { pullRequestId = s.Id, approvalRuleName = "Leads", existingRuleContentSha256 = Sha256(first), newRuleContent = second })).Ok()["approvalRule"]!;
        var listed = (await Call("GetPullRequest", new { pullRequestId = s.Id })).Ok()["pullRequest"]!["approvalRules"]!.AsArray();
        var deleted = (await server.RunAwsAsync(server.Root, "codecommit", "delete-pull-request-approval-rule", "--pull-request-id", s.Id, "--approval-rule-name", "Leads")).Ok();
        var deletedAgain = (await Call("DeletePullRequestApprovalRule", new { pullRequestId = s.Id, approvalRuleName = "Leads" })).Ok();
        var after = (await Call("GetPullRequest", new { pullRequestId = s.Id })).Ok()["pullRequest"]!["approvalRules"]!.AsArray();
        var events = (await Call("DescribePullRequestEvents", new { pullRequestId = s.Id })).Ok()["pullRequestEvents"]!.AsArray();
        (await Call("UpdatePullRequestStatus", new { pullRequestId = s.Id, pullRequestStatus = "CLOSED" })).Ok();
        var onClosed = (await Call("CreatePullRequestApprovalRule", new { pullRequestId = s.Id, approvalRuleName = "Late", approvalRuleContent = first })).Failed();

        // Assert
        Assert.Equal(("ApprovalRuleNameAlreadyExistsException", "InvalidApprovalRuleContentException"), (duplicate.Code, invalid.Code));
        Assert.Equal(("InvalidRuleContentSha256Exception", "ApprovalRuleDoesNotExistException"), (wrongHash.Code, missing.Code));
        Assert.Equal((second, Sha256(second)), ((string)updated["approvalRuleContent"], (string)updated["ruleContentSha256"]));
        var only = Assert.Single(listed)!;
        Assert.Equal(("Leads", second, Sha256(second)), ((string)only["approvalRuleName"], (string)only["approvalRuleContent"], (string)only["ruleContentSha256"]));
        Assert.Equal((string)updated["approvalRuleId"], (string)deleted["approvalRuleId"]);
        Assert.Null(deletedAgain["approvalRuleId"]);
        Assert.Empty(after);
        Assert.Equal(
            ["PULL_REQUEST_CREATED", "PULL_REQUEST_APPROVAL_RULE_CREATED", "PULL_REQUEST_APPROVAL_RULE_UPDATED", "PULL_REQUEST_APPROVAL_RULE_DELETED"],
            events.Select(e => (string)e!["pullRequestEventType"]!));
        Assert.Equal(("Leads", second), ((string)events[2]!["approvalRuleEventMetadata"]!["approvalRuleName"], (string)events[2]!["approvalRuleEventMetadata"]!["approvalRuleContent"]));
        Assert.Equal("PullRequestAlreadyClosedException", onClosed.Code);
    }

    [Fact]
    public async Task ApprovalOperations_CheckTheirOwnActions()
    {
        // Arrange
        var s = await ScenarioAsync("appauth");
        var revision = await RevisionAsync(s.Id);
        var reader = await UserAsync("reader", GitSteps.ReadOnly);

        // Act
        var create = (await server.Boto3Async(reader.Keys, "codecommit", "CreatePullRequestApprovalRule", new { pullRequestId = s.Id, approvalRuleName = "r", approvalRuleContent = Rule(1) })).Failed();
        var approve = (await server.Boto3Async(reader.Keys, "codecommit", "UpdatePullRequestApprovalState", new { pullRequestId = s.Id, revisionId = revision, approvalState = "APPROVE" })).Failed();
        var evaluate = (await server.Boto3Async(reader.Keys, "codecommit", "EvaluatePullRequestApprovalRules", new { pullRequestId = s.Id, revisionId = revision })).Ok();

        // Assert
        Assert.Equal(("AccessDeniedException", "AccessDeniedException"), (create.Code, approve.Code));
        Assert.Contains("codecommit:CreatePullRequestApprovalRule", create.Message, StringComparison.Ordinal);
        Assert.True((bool)evaluate["evaluation"]!["approved"]);
    }

    [Fact]
    public async Task TemplatesAssociatedWithTheRepository_BecomeRulesOfANewPullRequestWhoseDestinationMatches_AndStayAsTheyAre()
    {
        // Arrange: three templates on the repository (main only, release branches only, every
        // branch) and one on no repository; the pull request goes from feature to main.
        var name = GitsteadServer.UniqueName("apptemplates");
        (await Call("CreateRepository", new { repositoryName = name })).Ok();
        var main = (string)(await Call("CreateCommit", new { repositoryName = name, branchName = "main", putFiles = new[] { Put("a.txt", "a\n") } })).Ok()["commitId"]!;
        (await Call("CreateBranch", new { repositoryName = name, branchName = "feature", commitId = main })).Ok();
        var feature = await CommitAsync(name, "feature", main, "b.txt", "b\n");
        var onMain = await TemplateAsync("main-only", Template(1, "refs/heads/main"), name);
        await TemplateAsync("release-only", Template(1, "refs/heads/release-*"), name);
        var everywhere = await TemplateAsync("every-branch", Template(2), name);
        await TemplateAsync("unassociated", Template(1, "refs/heads/main"));

        // Act
        var pr = (await Call("CreatePullRequest", new { title = "Add b", targets = new[] { new { repositoryName = name, sourceReference = "feature", destinationReference = "main" } } })).Ok()["pullRequest"]!;
        var id = (string)pr["pullRequestId"]!;
        var rules = pr["approvalRules"]!.AsArray().OrderBy(r => (string)r!["approvalRuleName"]!).ToList();
        var update = (await Call("UpdatePullRequestApprovalRuleContent", new { pullRequestId = id, approvalRuleName = onMain.Name, newRuleContent = Rule(1) })).Failed();
        var delete = (await Call("DeletePullRequestApprovalRule", new { pullRequestId = id, approvalRuleName = onMain.Name })).Failed();
        var evaluation = (await Call("EvaluatePullRequestApprovalRules", new { pullRequestId = id, revisionId = (string)pr["revisionId"]! })).Ok()["evaluation"]!;
        var merge = (await Call("MergePullRequestByFastForward", new { pullRequestId = id, repositoryName = name, sourceCommitId = feature })).Failed();

        // Assert
        Assert.Equal([everywhere.Name, onMain.Name], rules.Select(r => (string)r!["approvalRuleName"]!));
        Assert.Equal(
            [(everywhere.Id, everywhere.Name, everywhere.Content), (onMain.Id, onMain.Name, onMain.Content)],
            rules.Select(r => ((string)r!["originApprovalRuleTemplate"]!["approvalRuleTemplateId"]!, (string)r["originApprovalRuleTemplate"]!["approvalRuleTemplateName"]!, (string)r["approvalRuleContent"]!)));
        Assert.All(rules, r => Assert.Equal(Sha256((string)r!["approvalRuleContent"]!), (string)r["ruleContentSha256"]));
        Assert.Equal(("CannotModifyApprovalRuleFromTemplateException", "CannotDeleteApprovalRuleFromTemplateException"), (update.Code, delete.Code));
        Assert.False((bool)evaluation["approved"]);
        Assert.Equal([everywhere.Name, onMain.Name], evaluation["approvalRulesNotSatisfied"]!.AsArray().Select(n => (string)n!).Order());
        Assert.Equal("PullRequestApprovalRulesNotSatisfiedException", merge.Code);
    }

    /// <summary>A template with this content, associated with the repositories named.</summary>
    private async Task<(string Id, string Name, string Content)> TemplateAsync(string prefix, string content, params string[] repositories)
    {
        var name = GitsteadServer.UniqueName(prefix);
        var id = (string)(await Call("CreateApprovalRuleTemplate", new { approvalRuleTemplateName = name, approvalRuleTemplateContent = content })).Ok()["approvalRuleTemplate"]!["approvalRuleTemplateId"]!;
        foreach (var repository in repositories)
        {
            (await Call("AssociateApprovalRuleTemplateWithRepository", new { approvalRuleTemplateName = name, repositoryName = repository })).Ok();
        }

        return (id, name, content);
    }

    private static string Template(int approvals, params string[] destinations)
    {
        var template = JsonNode.Parse(Rule(approvals))!.AsObject();
        if (destinations.Length > 0)
        {
            template["DestinationReferences"] = new JsonArray([.. destinations.Select(d => JsonValue.Create(d))]);
        }

        return template.ToJsonString();
    }

    /// <summary>A repository with main and a feature branch one commit ahead, and a pull request from feature to main made by the root.</summary>
    private async Task<Scenario> ScenarioAsync(string prefix)
    {
        var name = GitsteadServer.UniqueName(prefix);
        (await Call("CreateRepository", new { repositoryName = name })).Ok();
        var main = (string)(await Call("CreateCommit", new { repositoryName = name, branchName = "main", putFiles = new[] { Put("a.txt", "a\n") } })).Ok()["commitId"]!;
        (await Call("CreateBranch", new { repositoryName = name, branchName = "feature", commitId = main })).Ok();
        var feature = await CommitAsync(name, "feature", main, "b.txt", "b\n");
        var id = (string)(await Call("CreatePullRequest", new { title = "Add b", targets = new[] { new { repositoryName = name, sourceReference = "feature", destinationReference = "main" } } })).Ok()["pullRequest"]!["pullRequestId"]!;
        return new Scenario(name, id, feature);
    }

    private async Task<string> CommitAsync(string name, string branch, string parent, string path, string content) =>
        (string)(await Call("CreateCommit", new { repositoryName = name, branchName = branch, parentCommitId = parent, putFiles = new[] { Put(path, content) } })).Ok()["commitId"]!;

    private async Task<string> RevisionAsync(string id) =>
        (string)(await Call("GetPullRequest", new { pullRequestId = id })).Ok()["pullRequest"]!["revisionId"]!;

    /// <summary>Users named PREFIX-… so a pool of <c>PREFIX-*</c> holds them.</summary>
    private async Task<(Credentials Keys, string Arn)> UserAsync(string prefix, params string[] policies)
    {
        var name = GitsteadServer.UniqueName(prefix);
        var arn = (string)(await server.CreateUserAsync(name))["Arn"]!;
        foreach (var policy in policies)
        {
            (await server.RunAwsAsync(server.Root, "iam", "attach-user-policy", "--user-name", name, "--policy-arn", policy)).Ok();
        }

        return (await server.CreateAccessKeyAsync(name), arn);
    }

    private static string Rule(int approvals, params string[] pool)
    {
        var statement = new JsonObject { ["Type"] = "Approvers", ["NumberOfApprovalsNeeded"] = approvals };
        if (pool.Length > 0)
        {
            statement["ApprovalPoolMembers"] = new JsonArray([.. pool.Select(p => JsonValue.Create(p))]);
        }

        return new JsonObject { ["Version"] = "2018-11-08", ["Statements"] = new JsonArray(statement) }.ToJsonString();
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private Task<BotoResult> Call(string operation, object parameters) => server.Boto3Async(server.Root, "codecommit", operation, parameters);

    private static object Put(string path, string content) =>
        new { filePath = path, fileContent = new Dictionary<string, string> { ["$base64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(content)) } };

    private sealed record Scenario(string Name, string Id, string Feature);
}

public sealed class ApiPullRequestApprovalsOnSqlite(SqliteServer server) : ApiPullRequestApprovalTests<SqliteServer>(server);

public sealed class ApiPullRequestApprovalsOnPostgres(PostgresServer server) : ApiPullRequestApprovalTests<PostgresServer>(server);
