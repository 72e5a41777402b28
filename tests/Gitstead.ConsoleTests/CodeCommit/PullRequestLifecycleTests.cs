using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Gitstead.ConsoleTests.CodeCommit;

/// <summary>
/// The pull request pages when things go wrong: comparing a branch with itself is refused on the
/// page; a creation refused after the comparison (its source deleted meanwhile) keeps what was
/// typed; a pull request is closed and reopened; its conflicting file is listed; a user denied
/// codecommit:MergePullRequestBySquash sees AWS's sentence; the merge without a resolution
/// strategy is refused and with ACCEPT_SOURCE leaves main as `git merge -X theirs` would.
/// </summary>
public sealed class PullRequestLifecycleTests(SqliteServer server, Chromium chromium) : IClassFixture<SqliteServer>, IClassFixture<Chromium>
{
    [Fact]
    public async Task SameBranchRefused_RefusedCreateKeepsInput_CloseReopen_ConflictListed_SquashDenied_MergedAcceptingSource()
    {
        using var git = new GitClient(server);
        var (repository, login, clone) = await git.RepositoryWithHistoryAsync(server, "lifecycle", 2);
        var start = await git.OkAsync(clone, "rev-parse", "HEAD");
        await git.OkAsync(clone, "checkout", "-q", "-b", "feature");
        var featureTip = await git.CommitAsync(clone, "file-1.txt", "content 1 from feature\n", "Feature changes file 1");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:refs/heads/feature"])).Ok();
        await git.OkAsync(clone, "checkout", "-q", "-b", "doomed", start);
        await git.CommitAsync(clone, "doomed.txt", "doomed\n", "Doomed work");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:refs/heads/doomed"])).Ok();
        await git.OkAsync(clone, "checkout", "-q", "-B", "main", start);
        var mainTip = await git.CommitAsync(clone, "file-1.txt", "content 1 from main\n", "Main changes file 1");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:main"])).Ok();
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);

        // The same branch on both sides, then a source deleted between the comparison and the creation.
        await page.GotoCodeCommitAsync($"repositories/{repository.Name}/pull-requests/create?source=main&destination=main");
        var sameBranch = await page.ErrorTextAsync();
        await page.GotoCodeCommitAsync($"repositories/{repository.Name}/pull-requests/create?source=doomed&destination=main");
        await page.GetByLabel("Title").FillAsync("Doomed work");
        await page.GetByLabel("Description").FillAsync("Typed before the branch went away.");
        (await server.Boto3Async(server.Root, "codecommit", "DeleteBranch", new { repositoryName = repository.Name, branchName = "doomed" })).Ok();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create pull request" }).ClickAsync();
        var createRefusal = await page.ErrorTextAsync();
        var keptTitle = await page.GetByLabel("Title").InputValueAsync();
        var keptDescription = await page.GetByLabel("Description").InputValueAsync();

        // Create, close, reopen.
        await page.GotoCodeCommitAsync($"repositories/{repository.Name}/pull-requests/create?source=feature&destination=main");
        await page.GetByLabel("Title").FillAsync("Conflicting change");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create pull request" }).ClickAsync();
        await page.WaitForUrlLeavingAsync("/create");
        var prUrl = new Uri(page.Url).PathAndQuery;
        await page.GetByRole(AriaRole.Button, new() { Name = "Close pull request" }).ClickAsync();
        await page.Locator(".alert.success", new() { HasText = "Closed pull request" }).WaitForAsync();
        var closedStatus = await page.Locator("#pr-status").InnerTextAsync();
        await page.GotoCodeCommitAsync($"repositories/{repository.Name}/pull-requests?filter=closed");
        var closedList = await page.Locator("#pull-requests tbody").InnerTextAsync();
        await page.GotoAsync(prUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "Reopen pull request" }).ClickAsync();
        await page.Locator(".alert.success", new() { HasText = "Reopened pull request" }).WaitForAsync();
        var reopenedStatus = await page.Locator("#pr-status").InnerTextAsync();

        // The author edits the details; a rule is created, edited and deleted; the rules are overridden; the split view.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit", Exact = true }).ClickAsync();
        await page.WaitForUrlContainingAsync("edit=details");
        await page.GetByLabel("Title").FillAsync("Conflicting change, edited");
        await page.GetByLabel("Description").FillAsync("Now with a description.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForUrlLeavingAsync("edit=details");
        var editedTitle = await page.Locator("#pr-title").InnerTextAsync();
        var editedDescription = await page.Locator("#pr-description").InnerTextAsync();
        await page.GotoAsync(prUrl + "&tab=approvals&edit=new-rule");
        await page.GetByLabel("Rule name").FillAsync("Two of anyone");
        await page.GetByLabel("Number of approvals needed").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        await page.WaitForUrlLeavingAsync("edit=new-rule");
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit Two of anyone" }).ClickAsync();
        await page.WaitForUrlContainingAsync("edit=rule");
        await page.GetByLabel("Number of approvals needed").FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForUrlLeavingAsync("edit=rule");
        var editedRule = await page.Locator("#approval-rules tbody").InnerTextAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Override approval rules" }).ClickAsync();
        await page.Locator(".alert.success", new() { HasText = "Overrode" }).WaitForAsync();
        var overridden = await page.Locator("#approval-state").InnerTextAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke override" }).ClickAsync();
        await page.Locator(".alert.success", new() { HasText = "Revoked the override" }).WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete Two of anyone" }).ClickAsync();
        await page.Locator(".alert.success", new() { HasText = "Deleted approval rule" }).WaitForAsync();
        var rulesAfterDelete = await page.Locator("#approval-rules tbody").InnerTextAsync();
        await page.GotoAsync(prUrl + "&tab=changes&view=split");
        var splitRow = page.Locator("table.diff.split tr", new() { HasText = "content 1 from feature" });
        var splitCells = (await splitRow.Locator("td.del-cell").InnerTextAsync(), await splitRow.Locator("td.add-cell").InnerTextAsync());
        var history = (await server.Boto3Async(server.Root, "codecommit", "DescribePullRequestEvents", new { pullRequestId = prUrl.Split('/')[^1].Split('?')[0] })).Ok()["pullRequestEvents"]!
            .AsArray().Select(e => (string)e!["pullRequestEventType"]).ToList();

        // A user denied the squash merge.
        var arn = $"arn:aws:codecommit:us-east-1:{server.AccountId}:{repository.Name}";
        var deniedName = GitsteadServer.UniqueName("no-squash");
        var deniedPassword = await server.CreateConsoleUserAsync(deniedName, $$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"codecommit:*","Resource":"{{arn}}"},
              {"Effect":"Deny","Action":"codecommit:MergePullRequestBySquash","Resource":"{{arn}}"}]}
            """);
        var denied = await chromium.NewPageAsync(server);
        await denied.SignInAsUserAsync(server, deniedName, deniedPassword);
        await denied.WaitForUrlLeavingAsync("/sign-in");
        await denied.GotoAsync(prUrl + "&tab=merge");
        var conflictRows = await denied.Locator("#conflicts tbody tr").AllInnerTextsAsync();
        await denied.Locator("input[name=Strategy][value=SQUASH_MERGE]").CheckAsync();
        await denied.SelectOptionAsync("#merge-resolution", "ACCEPT_SOURCE");
        await denied.GetByRole(AriaRole.Button, new() { Name = "Merge pull request" }).ClickAsync();
        var denial = await denied.ErrorTextAsync();

        // The root: refused without a strategy, merged with ACCEPT_SOURCE.
        await page.GotoAsync(prUrl + "&tab=merge");
        await page.Locator("input[name=Strategy][value=THREE_WAY_MERGE]").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge pull request" }).ClickAsync();
        var manual = await page.ErrorTextAsync();
        await page.SelectOptionAsync("#merge-resolution", "ACCEPT_SOURCE");
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge pull request" }).ClickAsync();
        await page.WaitForUrlLeavingAsync("tab=merge");
        var merged = await page.Locator(".alert.success").InnerTextAsync();
        var reopenOffered = await page.GetByRole(AriaRole.Button, new() { Name = "Reopen pull request" }).CountAsync();
        var main = (await git.OkAsync(clone, [.. login, "ls-remote", "origin", "refs/heads/main"])).Split('\t')[0];
        (await git.RunAsync(clone, [.. login, "fetch", "-q", "origin"])).Ok();

        Assert.Contains("same", sameBranch);
        Assert.StartsWith("ReferenceDoesNotExistException", createRefusal);
        Assert.Equal("Doomed work", keptTitle);
        Assert.Equal("Typed before the branch went away.", keptDescription);
        Assert.Equal("Closed", closedStatus.Trim());
        Assert.Contains("Conflicting change", closedList);
        Assert.Equal("Open", reopenedStatus.Trim());
        Assert.Equal("1: Conflicting change, edited", editedTitle);
        Assert.Equal("Now with a description.", editedDescription);
        Assert.Contains("3 approvals from any user of the account", editedRule);
        Assert.Contains("Approval rules overridden by root", overridden);
        Assert.Contains("No approval rules", rulesAfterDelete);
        Assert.Equal(("content 1", "content 1 from feature"), splitCells);
        Assert.Equal(
            ["PULL_REQUEST_CREATED", "PULL_REQUEST_STATUS_CHANGED", "PULL_REQUEST_STATUS_CHANGED", "PULL_REQUEST_APPROVAL_RULE_CREATED", "PULL_REQUEST_APPROVAL_RULE_UPDATED",
             "PULL_REQUEST_APPROVAL_RULE_OVERRIDDEN", "PULL_REQUEST_APPROVAL_RULE_OVERRIDDEN", "PULL_REQUEST_APPROVAL_RULE_DELETED"],
            history);
        Assert.Single(conflictRows);
        Assert.Contains("file-1.txt", conflictRows[0]);
        Assert.StartsWith($"User: arn:aws:iam::{server.AccountId}:user/{deniedName} is not authorized to perform: codecommit:MergePullRequestBySquash on resource: {arn}", denial);
        Assert.StartsWith("ManualMergeRequiredException", manual);
        Assert.Contains("by 3-way merge", merged);
        Assert.Equal(0, reopenOffered);
        Assert.Equal($"{mainTip}\n{featureTip}", await git.OkAsync(clone, "rev-parse", main + "^@"));
        Assert.Equal("content 1 from feature\n", await git.OkAsync(clone, "show", main + ":file-1.txt") + "\n");
    }
}
