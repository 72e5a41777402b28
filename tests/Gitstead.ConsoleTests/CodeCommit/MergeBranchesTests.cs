using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Kms;
using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Gitstead.ConsoleTests.CodeCommit;

/// <summary>
/// The Merge branches page, checked against the real git: a fast-forward, a squash and a
/// three-way merge leave the tree `git merge` makes; a conflict is listed with its hunks,
/// refused without a resolution strategy and merged with ACCEPT_SOURCE as `git merge -X theirs`
/// would; a user denied main through codecommit:References is refused there, not on a feature
/// branch; a merge under a key disabled after the page loaded is refused with the key's error.
/// </summary>
public sealed class MergeBranchesTests(SqliteServer server, Chromium chromium) : IClassFixture<SqliteServer>, IClassFixture<Chromium>
{
    [Fact]
    public async Task FastForwardSquashAndThreeWay_TreesAreWhatGitMergeMakes()
    {
        using var git = new GitClient(server);
        var (repository, login, clone) = await git.RepositoryWithHistoryAsync(server, "merge", 1);
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);

        // Fast-forward: ahead is main plus one commit.
        var ahead = await git.CommitAsync(clone, "ahead.txt", "ahead\n", "Ahead of main");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:refs/heads/ahead"])).Ok();
        await page.GotoCodeCommitAsync($"repositories/{repository.Name}/branches");
        await page.GetByRole(AriaRole.Link, new() { Name = "Merge branches" }).ClickAsync();
        await page.WaitForUrlContainingAsync("/merge?");
        await SelectAsync(page, source: "ahead", destination: "main");
        var fastForwardFacts = await page.Locator("#merge-facts").InnerTextAsync();
        var fastForwardChosen = await page.Locator("input[name=Strategy][value=FAST_FORWARD_MERGE]").IsCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge", Exact = true }).ClickAsync();
        await page.WaitForUrlContainingAsync("merged=");
        var fastForwarded = await page.Locator(".alert.success").InnerTextAsync();
        var mainAfterFastForward = await RemoteAsync(git, clone, login, "main");

        // Squash: two commits on squashed, one on main (another file) meanwhile.
        await git.OkAsync(clone, "checkout", "-q", "-b", "squashed", ahead);
        await git.CommitAsync(clone, "squash-1.txt", "one\n", "Squash one");
        var squashTip = await git.CommitAsync(clone, "squash-2.txt", "two\n", "Squash two");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:refs/heads/squashed"])).Ok();
        await git.OkAsync(clone, "checkout", "-q", "-B", "main", ahead);
        var mainTip = await git.CommitAsync(clone, "main-only.txt", "main\n", "Main moves on");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:main"])).Ok();
        await SelectAsync(page, source: "squashed", destination: "main");
        var squashFacts = await page.Locator("#merge-facts").InnerTextAsync();
        var fastForwardDisabled = await page.Locator("input[name=Strategy][value=FAST_FORWARD_MERGE]").IsDisabledAsync();
        await page.Locator("input[name=Strategy][value=SQUASH_MERGE]").CheckAsync();
        await page.GetByLabel("Commit message").FillAsync("Squash the squashed branch");
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge", Exact = true }).ClickAsync();
        await page.WaitForUrlContainingAsync("merged=");
        var squashCommit = await RemoteAsync(git, clone, login, "main");
        (await git.RunAsync(clone, [.. login, "fetch", "-q", "origin"])).Ok();
        await git.OkAsync(clone, "merge", "-q", "--squash", squashTip);
        var squashExpected = await git.OkAsync(clone, "write-tree");
        await git.OkAsync(clone, "reset", "-q", "--hard", "origin/main");

        // Three-way: a branch from main before the squash, and main changed since.
        await git.OkAsync(clone, "checkout", "-q", "-b", "threeway", mainTip);
        var threeWayTip = await git.CommitAsync(clone, "three-way.txt", "three\n", "Three-way work");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:refs/heads/threeway"])).Ok();
        await SelectAsync(page, source: "threeway", destination: "main");
        await page.Locator("input[name=Strategy][value=THREE_WAY_MERGE]").CheckAsync();
        await page.GetByLabel("Commit message").FillAsync("Merge threeway into main");
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge", Exact = true }).ClickAsync();
        await page.WaitForUrlContainingAsync("merged=");
        var resultLink = await page.Locator(".merge-result a").GetAttributeAsync("href");
        var mergeCommit = await RemoteAsync(git, clone, login, "main");
        (await git.RunAsync(clone, [.. login, "fetch", "-q", "origin"])).Ok();
        await git.OkAsync(clone, "checkout", "-q", "-B", "expected", squashCommit);
        await git.OkAsync(clone, "merge", "-q", "--no-ff", "-m", "expected", threeWayTip);

        Assert.Contains("Fast-forward possible", fastForwardFacts);
        Assert.True(fastForwardChosen);
        Assert.Contains("by a fast-forward merge", fastForwarded);
        Assert.Equal(ahead, mainAfterFastForward);
        Assert.Contains("No fast-forward", squashFacts);
        Assert.Contains("No conflicts", squashFacts);
        Assert.True(fastForwardDisabled);
        Assert.Equal(squashExpected, await git.OkAsync(clone, "rev-parse", squashCommit + "^{tree}"));
        Assert.Equal(mainTip, await git.OkAsync(clone, "rev-parse", squashCommit + "^@"));
        Assert.Equal("Squash the squashed branch", await git.OkAsync(clone, "log", "-1", "--format=%B", squashCommit));
        Assert.EndsWith($"/commit/{mergeCommit}?region=us-east-1", resultLink);
        Assert.Equal($"{squashCommit}\n{threeWayTip}", await git.OkAsync(clone, "rev-parse", mergeCommit + "^@"));
        Assert.Equal(await git.OkAsync(clone, "rev-parse", "expected^{tree}"), await git.OkAsync(clone, "rev-parse", mergeCommit + "^{tree}"));
        Assert.Equal("Merge threeway into main", await git.OkAsync(clone, "log", "-1", "--format=%B", mergeCommit));
    }

    [Fact]
    public async Task ConflictingBranches_ListedRefusedWithoutStrategyMergedAcceptingSource()
    {
        using var git = new GitClient(server);
        var (repository, login, clone) = await git.RepositoryWithHistoryAsync(server, "conflict", 2);
        var start = await git.OkAsync(clone, "rev-parse", "HEAD");
        await git.OkAsync(clone, "checkout", "-q", "-b", "feature");
        await git.CommitAsync(clone, "file-1.txt", "content 1 from feature\n", "Feature changes file 1");
        var featureTip = await git.CommitAsync(clone, "feature.txt", "feature only\n", "Feature adds a file");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:refs/heads/feature"])).Ok();
        await git.OkAsync(clone, "checkout", "-q", "-B", "main", start);
        var mainTip = await git.CommitAsync(clone, "file-1.txt", "content 1 from main\n", "Main changes file 1");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:main"])).Ok();
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);

        await page.GotoCodeCommitAsync($"repositories/{repository.Name}/merge?source=feature&destination=main");
        var facts = await page.Locator("#merge-facts").InnerTextAsync();
        var conflictRows = await page.Locator("#conflicts tbody tr").AllInnerTextsAsync();
        await page.Locator("details.conflict-hunks > summary").ClickAsync();
        var hunks = await page.Locator("details.conflict-hunks").InnerTextAsync();
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Chromium.ScreenshotAsync(page, "merge-branches");
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge", Exact = true }).ClickAsync();
        var refusal = await page.ErrorTextAsync();
        var mainAfterRefusal = await RemoteAsync(git, clone, login, "main");
        await page.SelectOptionAsync("#merge-resolution", "ACCEPT_SOURCE");
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge", Exact = true }).ClickAsync();
        await page.WaitForUrlContainingAsync("merged=");
        var merged = await RemoteAsync(git, clone, login, "main");
        (await git.RunAsync(clone, [.. login, "fetch", "-q", "origin"])).Ok();
        await git.OkAsync(clone, "merge", "-q", "--no-ff", "-X", "theirs", "-m", "expected", featureTip);

        Assert.Contains("1 conflicting file", facts);
        Assert.Single(conflictRows);
        Assert.Contains("file-1.txt", conflictRows[0]);
        Assert.Contains("content 1 from feature", hunks);
        Assert.Contains("content 1 from main", hunks);
        Assert.Contains("ManualMergeRequiredException", refusal);
        Assert.Equal(mainTip, mainAfterRefusal);
        Assert.Equal($"{mainTip}\n{featureTip}", await git.OkAsync(clone, "rev-parse", merged + "^@"));
        Assert.Equal(await git.OkAsync(clone, "rev-parse", "HEAD^{tree}"), await git.OkAsync(clone, "rev-parse", merged + "^{tree}"));
        Assert.Equal("content 1 from feature\n", await git.OkAsync(clone, "show", merged + ":file-1.txt") + "\n");
    }

    [Fact]
    public async Task UserDeniedMainByReferences_EditAndMergeRefusedOnMainOnly()
    {
        using var git = new GitClient(server);
        var (repository, login, clone) = await git.RepositoryWithHistoryAsync(server, "guarded", 1);
        await git.CommitAsync(clone, "feature.txt", "feature\n", "Feature work");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:refs/heads/feature"])).Ok();
        var arn = $"arn:aws:codecommit:us-east-1:{server.AccountId}:{repository.Name}";
        var userName = GitsteadServer.UniqueName("guarded");
        var password = await server.CreateConsoleUserAsync(userName, $$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"codecommit:*","Resource":"{{arn}}"},
              {"Effect":"Deny","Action":["codecommit:GitPush","codecommit:PutFile","codecommit:DeleteFile","codecommit:Merge*"],"Resource":"{{arn}}",
               "Condition":{"StringEqualsIfExists":{"codecommit:References":["refs/heads/main"]},"Null":{"codecommit:References":"false"} } }]}
            """);
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsUserAsync(server, userName, password);
        await page.WaitForUrlLeavingAsync("/sign-in");

        await page.GotoCodeCommitAsync($"repositories/{repository.Name}/edit/main/file-1.txt");
        var prefilledAuthor = await page.GetByLabel("Author name").InputValueAsync();
        await page.GetByLabel("File content").FillAsync("not allowed on main\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit changes" }).ClickAsync();
        var editRefusal = await page.ErrorTextAsync();
        await page.GotoCodeCommitAsync($"repositories/{repository.Name}/edit/feature/file-1.txt");
        await page.GetByLabel("File content").FillAsync("allowed on feature\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit changes" }).ClickAsync();
        await page.WaitForUrlContainingAsync("/browse/feature/file-1.txt");
        await page.GotoCodeCommitAsync($"repositories/{repository.Name}/merge?source=feature&destination=main");
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge", Exact = true }).ClickAsync();
        var mergeRefusal = await page.ErrorTextAsync();
        (await git.RunAsync(clone, [.. login, "fetch", "-q", "origin"])).Ok();

        var user = $"User: arn:aws:iam::{server.AccountId}:user/{userName} is not authorized to perform:";
        Assert.Equal(userName, prefilledAuthor);
        Assert.StartsWith($"{user} codecommit:PutFile on resource: {arn}", editRefusal);
        Assert.Contains("explicit deny", editRefusal);
        Assert.StartsWith($"{user} codecommit:MergeBranchesByFastForward on resource: {arn}", mergeRefusal);
        Assert.Equal("allowed on feature\n", await git.OkAsync(clone, "show", "origin/feature:file-1.txt") + "\n");
        Assert.Equal("content 1\n", await git.OkAsync(clone, "show", "origin/main:file-1.txt") + "\n");
    }

    [Fact]
    public async Task KeyDisabledAfterThePageLoaded_MergeRefusedNamingTheKey()
    {
        var key = (await server.Boto3Async(server.Root, "kms", "CreateKey", new { Description = "merge key" })).Ok()["KeyMetadata"]!;
        var (keyId, keyArn) = ((string)key["KeyId"], (string)key["Arn"]);
        var name = GitsteadServer.UniqueName("keyed");
        (await server.Boto3Async(server.Root, "codecommit", "CreateRepository", new { repositoryName = name, kmsKeyId = keyId })).Ok();
        var first = (string)(await server.Boto3Async(server.Root, "codecommit", "PutFile",
            new { repositoryName = name, branchName = "main", filePath = "a.txt", fileContent = KmsSteps.Blob("a\n") })).Ok()["commitId"];
        (await server.Boto3Async(server.Root, "codecommit", "CreateBranch", new { repositoryName = name, branchName = "feature", commitId = first })).Ok();
        (await server.Boto3Async(server.Root, "codecommit", "PutFile",
            new { repositoryName = name, branchName = "feature", filePath = "b.txt", fileContent = KmsSteps.Blob("b\n"), parentCommitId = first })).Ok();
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);

        await page.GotoCodeCommitAsync($"repositories/{name}/merge?source=feature&destination=main");
        var offered = await page.Locator("#merge-facts").InnerTextAsync();
        (await server.Boto3Async(server.Root, "kms", "DisableKey", new { KeyId = keyId })).Ok();
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge", Exact = true }).ClickAsync();
        var refusal = await page.ErrorTextAsync();
        (await server.Boto3Async(server.Root, "kms", "EnableKey", new { KeyId = keyId })).Ok();
        var main = (await server.Boto3Async(server.Root, "codecommit", "GetBranch", new { repositoryName = name, branchName = "main" })).Ok();

        Assert.Contains("Fast-forward possible", offered);
        Assert.Equal($"EncryptionKeyDisabledException: The encryption key is disabled: {keyArn}", refusal);
        Assert.Equal(first, (string)main["branch"]!["commitId"]);
    }

    /// <summary>Chooses the branches on the merge page (loaded afresh: a branch may have been pushed since) and compares them.</summary>
    private static async Task SelectAsync(IPage page, string source, string destination)
    {
        await page.ReloadAsync();
        await page.SelectOptionAsync("#merge-destination", destination);
        await page.SelectOptionAsync("#merge-source", source);
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await page.WaitForUrlContainingAsync($"destination={Uri.EscapeDataString(destination)}&source={Uri.EscapeDataString(source)}");
        await page.Locator("#merge-facts").WaitForAsync();
    }

    private static async Task<string> RemoteAsync(GitClient git, string clone, string[] login, string branch) =>
        (await git.OkAsync(clone, [.. login, "ls-remote", "origin", "refs/heads/" + branch])).Split('\t')[0];
}
