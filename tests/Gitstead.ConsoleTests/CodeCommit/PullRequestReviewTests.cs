using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Gitstead.ConsoleTests.CodeCommit;

/// <summary>
/// A review in the browser from push to merge: a developer pushes a branch with the real git;
/// its author compares the branches in the console, sees the diff, and creates the pull request,
/// then adds an approval rule whose pool is the reviewer; the reviewer, in another browser,
/// comments on a line of the diff, replies, reacts and approves, and the rule shows satisfied;
/// the author squash-merges in the console. A fresh `git clone` has the change on main and
/// boto3's GetPullRequest reports the pull request closed and merged.
/// </summary>
public abstract class PullRequestReviewTests<TServer>(TServer server, Chromium chromium)
    where TServer : GitsteadServer
{
    [Fact]
    public async Task PushCompareCreateRuleCommentReplyReactApproveSquashMerge_CloneHasTheChangeAndApiSaysMerged()
    {
        using var git = new GitClient(server);
        var (repository, login, clone) = await git.RepositoryWithHistoryAsync(server, "review", 1);
        await git.OkAsync(clone, "checkout", "-q", "-b", "feature");
        await git.CommitAsync(clone, "file-1.txt", "content 1\nreviewed line\n", "Add a line to review");
        await git.CommitAsync(clone, "feature.txt", "feature\n", "Add the feature");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:refs/heads/feature"])).Ok();
        var arn = $"arn:aws:codecommit:us-east-1:{server.AccountId}:{repository.Name}";
        var policy = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"codecommit:*","Resource":"{{arn}}"},{"Effect":"Allow","Action":"codecommit:ListRepositories","Resource":"*"}]}""";
        var (authorName, reviewerName) = (GitsteadServer.UniqueName("author"), GitsteadServer.UniqueName("reviewer"));
        var authorPassword = await server.CreateConsoleUserAsync(authorName, policy);
        var reviewerPassword = await server.CreateConsoleUserAsync(reviewerName, policy);
        var author = await chromium.NewPageAsync(server);
        await author.SignInAsUserAsync(server, authorName, authorPassword);
        await author.WaitForUrlLeavingAsync("/sign-in");

        // The author compares, sees the diff, creates the pull request.
        await author.GotoCodeCommitAsync($"repositories/{repository.Name}/browse");
        await author.GetByRole(AriaRole.Link, new() { Name = "Pull requests", Exact = true }).ClickAsync();
        await author.WaitForUrlContainingAsync("/pull-requests?");
        await author.GetByRole(AriaRole.Link, new() { Name = "Create pull request" }).ClickAsync();
        await author.WaitForUrlContainingAsync("/pull-requests/create");
        await author.SelectOptionAsync("#pr-source", "feature");
        await author.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await author.WaitForUrlContainingAsync("source=feature");
        var changedFiles = await author.Locator("#changed-files").InnerTextAsync();
        var diff = await author.Locator(".diff-file[data-path=\"file-1.txt\"]").InnerTextAsync();
        await author.GetByLabel("Title").FillAsync("Review the new line");
        await author.GetByLabel("Description").FillAsync("Adds a line and a feature.");
        await author.GetByRole(AriaRole.Button, new() { Name = "Create pull request" }).ClickAsync();
        await author.WaitForUrlLeavingAsync("/create");
        var created = await author.Locator(".alert.success").InnerTextAsync();
        var prUrl = new Uri(author.Url).PathAndQuery;
        var pullRequestId = prUrl.Split('/')[^1].Split('?')[0];

        // The author adds an approval rule whose pool is the reviewer.
        await author.GetByRole(AriaRole.Link, new() { Name = "Approvals", Exact = true }).ClickAsync();
        await author.WaitForUrlContainingAsync("tab=approvals");
        await author.GetByRole(AriaRole.Link, new() { Name = "Create approval rule" }).ClickAsync();
        await author.WaitForUrlContainingAsync("edit=new-rule");
        await author.GetByLabel("Rule name").FillAsync("Reviewer must approve");
        await author.GetByLabel("Number of approvals needed").FillAsync("1");
        await author.GetByLabel("Approval pool members").FillAsync($"CodeCommitApprovers:{server.AccountId}:{reviewerName}");
        await author.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        await author.WaitForUrlLeavingAsync("edit=new-rule");
        var ruleBefore = await author.Locator("#approval-rules tbody tr").InnerTextAsync();
        var authorSeesApprove = await author.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).CountAsync();

        // The reviewer comments on line 2 of file-1.txt, replies, reacts and approves.
        var reviewer = await chromium.NewPageAsync(server);
        await reviewer.SignInAsUserAsync(server, reviewerName, reviewerPassword);
        await reviewer.WaitForUrlLeavingAsync("/sign-in");
        await reviewer.GotoAsync(prUrl + "&tab=changes");
        await reviewer.GetByRole(AriaRole.Link, new() { Name = "Comment on file-1.txt line 2" }).ClickAsync();
        await reviewer.WaitForUrlContainingAsync("line=2");
        await reviewer.GetByLabel("Comment on line 2 of file-1.txt").FillAsync("Why this line?");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Save comment" }).ClickAsync();
        await reviewer.WaitForUrlLeavingAsync("line=2");
        var thread = reviewer.Locator(".comment-row .comment-thread");
        await thread.Locator("summary", new() { HasText = "Reply" }).ClickAsync();
        await thread.GetByLabel("Reply").FillAsync("Because the feature needs it.");
        await thread.GetByRole(AriaRole.Button, new() { Name = "Post reply" }).ClickAsync();
        await reviewer.Locator(".alert.success", new() { HasText = "Replied" }).WaitForAsync();
        var firstComment = reviewer.Locator(".comment-row .comment").First;
        await firstComment.Locator("summary", new() { HasText = "Add reaction" }).ClickAsync();
        await firstComment.GetByRole(AriaRole.Button, new() { Name = "React with :thumbsup:" }).ClickAsync();
        await reviewer.Locator(".alert.success", new() { HasText = "Reacted" }).WaitForAsync();
        var threadText = await reviewer.Locator(".comment-row .comment-thread").InnerTextAsync();
        await reviewer.GetByRole(AriaRole.Link, new() { Name = "Approvals", Exact = true }).ClickAsync();
        await reviewer.WaitForUrlContainingAsync("tab=approvals");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await reviewer.Locator(".alert.success", new() { HasText = "Approved" }).WaitForAsync();
        var ruleAfter = await reviewer.Locator("#approval-rules tbody tr").InnerTextAsync();
        var approvers = await reviewer.Locator("#approvers").InnerTextAsync();
        await reviewer.GotoAsync(prUrl + "&tab=changes");
        var summary = await reviewer.Locator("#approval-summary").InnerTextAsync();
        await Chromium.ScreenshotAsync(reviewer, "pull-request");
        await reviewer.GotoAsync(prUrl);
        var activity = await reviewer.Locator("#activity").InnerTextAsync();

        // The author squash-merges in the console.
        await author.GotoAsync(prUrl);
        await author.GetByRole(AriaRole.Link, new() { Name = "Merge", Exact = true }).First.ClickAsync();
        await author.WaitForUrlContainingAsync("tab=merge");
        var facts = await author.Locator("#merge-facts").InnerTextAsync();
        await author.Locator("input[name=Strategy][value=SQUASH_MERGE]").CheckAsync();
        await author.GetByLabel("Commit message").FillAsync("Squash the reviewed feature");
        await author.GetByRole(AriaRole.Button, new() { Name = "Merge pull request" }).ClickAsync();
        await author.WaitForUrlLeavingAsync("tab=merge");
        var mergedFlash = await author.Locator(".alert.success").InnerTextAsync();
        var status = await author.Locator("#pr-status").InnerTextAsync();
        var fresh = git.NewPath("fresh");
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, fresh])).Ok();
        var got = (await server.Boto3Async(server.Root, "codecommit", "GetPullRequest", new { pullRequestId })).Ok()["pullRequest"]!;

        Assert.Contains("file-1.txt", changedFiles);
        Assert.Contains("feature.txt", changedFiles);
        Assert.Contains("reviewed line", diff);
        Assert.Contains($"Created pull request {pullRequestId}: Review the new line.", created);
        Assert.Contains("Not satisfied", ruleBefore);
        Assert.Contains($"1 approval from CodeCommitApprovers:{server.AccountId}:{reviewerName}", ruleBefore);
        Assert.Equal(0, authorSeesApprove);
        Assert.Contains("Why this line?", threadText);
        Assert.Contains("Because the feature needs it.", threadText);
        Assert.Contains("👍 1", threadText);
        Assert.Contains("Rule satisfied", ruleAfter);
        Assert.Equal(reviewerName, approvers.Trim());
        Assert.StartsWith("Approval rules satisfied; approved by " + reviewerName, summary);
        Assert.True(activity.IndexOf("created this pull request", StringComparison.Ordinal) < activity.IndexOf("Why this line?", StringComparison.Ordinal));
        Assert.True(activity.IndexOf("Why this line?", StringComparison.Ordinal) < activity.IndexOf("approved this pull request", StringComparison.Ordinal));
        Assert.Contains("Approval rules satisfied.", facts);
        Assert.Contains("by squash merge", mergedFlash);
        Assert.Equal("Merged", status.Trim());
        Assert.Equal("content 1\nreviewed line\n", await File.ReadAllTextAsync(Path.Combine(fresh, "file-1.txt")));
        Assert.Equal("feature\n", await File.ReadAllTextAsync(Path.Combine(fresh, "feature.txt")));
        Assert.Equal("Squash the reviewed feature", await git.OkAsync(fresh, "log", "-1", "--format=%B"));
        Assert.Equal("CLOSED", (string)got["pullRequestStatus"]);
        var merge = got["pullRequestTargets"]![0]!["mergeMetadata"]!;
        Assert.True((bool)merge["isMerged"]);
        Assert.Equal("SQUASH_MERGE", (string)merge["mergeOption"]);
        Assert.Equal($"arn:aws:iam::{server.AccountId}:user/{authorName}", (string)merge["mergedBy"]);
        Assert.Equal(await git.OkAsync(fresh, "rev-parse", "HEAD"), (string)merge["mergeCommitId"]);
    }
}

// On the embedded store only: the pull request's store runs on PostgreSQL in ApiPullRequests, ApiPullRequestApprovals and ApiComments; a browser adds nothing store-specific.
public sealed class PullRequestReviewOnSqlite(SqliteServer server, Chromium chromium)
    : PullRequestReviewTests<SqliteServer>(server, chromium), IClassFixture<SqliteServer>, IClassFixture<Chromium>;
