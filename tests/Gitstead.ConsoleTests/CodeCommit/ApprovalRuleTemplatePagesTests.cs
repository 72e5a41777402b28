using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Git;
using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Gitstead.ConsoleTests.CodeCommit;

/// <summary>
/// The approval rule template pages, checked with boto3: a template made in the console (two
/// approvers, one by name and one by ARN, a branch, two repositories) is the content and
/// associations the API returns, and a pull request opened with boto3 in an associated
/// repository gets its rule; the console's edit, disassociations (on the template's page and in a
/// repository's settings), association in a repository's settings and delete are what the API then sees, the delete refused while a
/// repository is associated; a user without codecommit:CreateApprovalRuleTemplate sees AWS's
/// refusal and keeps the form.
/// </summary>
public sealed class ApprovalRuleTemplatePagesTests(SqliteServer server, Chromium chromium) : IClassFixture<SqliteServer>, IClassFixture<Chromium>
{
    [Fact]
    public async Task TemplateMadeEditedAndDeletedInTheConsole_IsWhatTheApiSees()
    {
        // Arrange: a repository with main and a feature branch, a second and a third repository.
        using var git = new GitClient(server);
        var (first, login, clone) = await git.RepositoryWithHistoryAsync(server, "tmpl-a", 1);
        await git.OkAsync(clone, "checkout", "-q", "-b", "feature");
        await git.CommitAsync(clone, "feature.txt", "feature\n", "Feature work");
        (await git.RunAsync(clone, [.. login, "push", "-q", "origin", "HEAD:refs/heads/feature"])).Ok();
        var second = await server.NewRepositoryAsync("tmpl-b");
        var third = await server.NewRepositoryAsync("tmpl-c");
        var name = GitsteadServer.UniqueName("Two reviewers");
        var renamed = GitsteadServer.UniqueName("One reviewer");
        var reviewerArn = $"arn:aws:iam::{server.AccountId}:user/reviewer-2";
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);

        // Act: create the template in the console.
        await page.GotoCodeCommitAsync("approval-rule-templates");
        await page.GetByRole(AriaRole.Link, new() { Name = "Create template" }).ClickAsync();
        await page.WaitForUrlContainingAsync("/approval-rule-templates/create");
        await page.GetByLabel("Approval rule template name").FillAsync(name);
        await page.GetByLabel("Description").FillAsync("Two reviewers on main");
        await page.GetByLabel("Number of approvals needed").FillAsync("2");
        await page.GetByLabel("Approver value 1").FillAsync("reviewer-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add approval pool member" }).ClickAsync();
        await page.WaitForUrlContainingAsync("handler=AddMember");
        await page.GetByLabel("Approver type 2").SelectOptionAsync("arn");
        await page.GetByLabel("Approver value 2").FillAsync(reviewerArn);
        await page.GetByLabel("Branch name 1").FillAsync("main");
        await page.GetByLabel(first.Name).CheckAsync();
        await page.GetByLabel(second.Name).CheckAsync();
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Chromium.ScreenshotAsync(page, "approval-rule-template-create");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        await page.WaitForUrlContainingAsync("/details?");
        var createdFlash = await page.Locator(".alert.success").InnerTextAsync();
        var summary = await page.Locator("#rule-summary").InnerTextAsync();
        var shownSha = await page.Locator("#content-sha").InnerTextAsync();
        await Chromium.ScreenshotAsync(page, "approval-rule-template");
        var got = (await Api("GetApprovalRuleTemplate", new { approvalRuleTemplateName = name })).Ok()["approvalRuleTemplate"]!;
        var associated = await RepositoriesOfAsync(name);

        // A pull request opened with boto3 in an associated repository gets the rule.
        var pullRequest = (await Api("CreatePullRequest", new
        {
            title = "Feature",
            targets = new[] { new { repositoryName = first.Name, sourceReference = "feature", destinationReference = "main" } },
        })).Ok()["pullRequest"]!;

        // Deleting while repositories are associated is refused.
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete", Exact = true }).ClickAsync();
        await page.Locator("#delete-template-typed").FillAsync(name);
        await page.Locator("#delete-template-submit").ClickAsync();
        await page.WaitForUrlContainingAsync("handler=Delete");
        var inUse = await page.ErrorTextAsync();

        // Edit: one approval, a new description and a new name.
        await page.GotoCodeCommitAsync($"approval-rule-templates/{Uri.EscapeDataString(name)}/edit");
        var editedFields = (await page.GetByLabel("Approver value 1").InputValueAsync(), await page.GetByLabel("Approver type 2").InputValueAsync(), await page.GetByLabel("Branch name 1").InputValueAsync());
        await page.GetByLabel("Approval rule template name").FillAsync(renamed);
        await page.GetByLabel("Description").FillAsync("One reviewer on main");
        await page.GetByLabel("Number of approvals needed").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForUrlContainingAsync($"/{Uri.EscapeDataString(renamed)}/details?");
        var edited = (await Api("GetApprovalRuleTemplate", new { approvalRuleTemplateName = renamed })).Ok()["approvalRuleTemplate"]!;
        var oldName = (await Api("GetApprovalRuleTemplate", new { approvalRuleTemplateName = name })).Failed();

        // Disassociate the second repository on the template's page, the first in its settings.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Disassociate {second.Name}" }).ClickAsync();
        await Assertions.Expect(page.Locator(".alert.success")).ToContainTextAsync(second.Name);
        var afterPage = await RepositoriesOfAsync(renamed);
        await page.GotoCodeCommitAsync($"repositories/{third.Name}/settings");
        await page.GetByLabel("Associate an approval rule template").SelectOptionAsync(renamed);
        await page.GetByRole(AriaRole.Button, new() { Name = "Associate", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".alert.success")).ToContainTextAsync("is now associated");
        var afterAssociate = await RepositoriesOfAsync(renamed);
        await page.GotoCodeCommitAsync($"repositories/{first.Name}/settings");
        var settingsList = await page.Locator("#repository-templates").InnerTextAsync();
        await page.Locator("#templates-title").ScrollIntoViewIfNeededAsync();
        await Chromium.ScreenshotAsync(page, "repository-settings-templates", fullPage: false);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Disassociate {renamed}" }).ClickAsync();
        await Assertions.Expect(page.Locator(".alert.success")).ToContainTextAsync("no longer associated");
        var afterSettings = await RepositoriesOfAsync(renamed);

        // Then, with the third repository disassociated too, the delete goes through.
        await page.GotoCodeCommitAsync($"approval-rule-templates/{Uri.EscapeDataString(renamed)}/details");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Disassociate {third.Name}" }).ClickAsync();
        await Assertions.Expect(page.Locator(".alert.success")).ToContainTextAsync(third.Name);
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete", Exact = true }).ClickAsync();
        await page.Locator("#delete-template-typed").FillAsync(renamed);
        await page.Locator("#delete-template-submit").ClickAsync();
        await page.WaitForUrlEndingAsync("/approval-rule-templates?region=us-east-1");
        var deletedFlash = await page.Locator(".alert.success").InnerTextAsync();
        var gone = (await Api("GetApprovalRuleTemplate", new { approvalRuleTemplateName = renamed })).Failed();

        // Assert
        var expected = $$"""{"Version":"2018-11-08","DestinationReferences":["refs/heads/main"],"Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":2,"ApprovalPoolMembers":["CodeCommitApprovers:{{server.AccountId}}:reviewer-1","{{reviewerArn}}"]}]}""";
        Assert.Contains(name, createdFlash);
        Assert.Equal(expected, (string)got["approvalRuleTemplateContent"]);
        Assert.Equal("Two reviewers on main", (string)got["approvalRuleTemplateDescription"]);
        Assert.Equal((string)got["ruleContentSha256"], shownSha.Trim());
        Assert.Contains("reviewer-1", summary);
        Assert.Contains(reviewerArn, summary);
        Assert.Contains("main", summary);
        Assert.Equal([first.Name, second.Name], associated.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(third.Name, associated);
        var rule = Assert.Single(pullRequest["approvalRules"]!.AsArray())!;
        Assert.Equal(name, (string)rule["originApprovalRuleTemplate"]!["approvalRuleTemplateName"]);
        Assert.Equal(expected, (string)rule["approvalRuleContent"]);
        Assert.Contains("is associated with one or more repositories", inUse);
        Assert.Equal(("reviewer-1", "arn", "main"), editedFields);
        Assert.Equal(expected.Replace("\"NumberOfApprovalsNeeded\":2", "\"NumberOfApprovalsNeeded\":1", StringComparison.Ordinal), (string)edited["approvalRuleTemplateContent"]);
        Assert.Equal("One reviewer on main", (string)edited["approvalRuleTemplateDescription"]);
        Assert.Equal((string)got["approvalRuleTemplateId"], (string)edited["approvalRuleTemplateId"]);
        Assert.Equal("ApprovalRuleTemplateDoesNotExistException", oldName.Code);
        Assert.Equal([first.Name], afterPage);
        Assert.Equal([first.Name, third.Name], afterAssociate.Order(StringComparer.Ordinal));
        Assert.Contains(renamed, settingsList);
        Assert.Equal([third.Name], afterSettings);
        Assert.Contains(renamed, deletedFlash);
        Assert.Equal("ApprovalRuleTemplateDoesNotExistException", gone.Code);
    }

    [Fact]
    public async Task UserWithoutCreateApprovalRuleTemplate_SeesTheRefusalAndKeepsTheForm()
    {
        // Arrange: a user who may read templates and repositories but not create templates.
        var userName = GitsteadServer.UniqueName("tmpl-reader");
        var password = await server.CreateConsoleUserAsync(userName, """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["codecommit:List*","codecommit:Get*"],"Resource":"*"}]}
            """);
        var name = GitsteadServer.UniqueName("denied");
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsUserAsync(server, userName, password);
        await page.WaitForUrlLeavingAsync("/sign-in");

        // Act
        await page.GotoCodeCommitAsync("approval-rule-templates/create");
        await page.GetByLabel("Approval rule template name").FillAsync(name);
        await page.GetByLabel("Approver value 1").FillAsync("reviewer-1");
        await page.GetByLabel("Branch name 1").FillAsync("main");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        var refusal = await page.ErrorTextAsync();
        var keptName = await page.GetByLabel("Approval rule template name").InputValueAsync();
        var keptMember = await page.GetByLabel("Approver value 1").InputValueAsync();
        var lookup = (await Api("GetApprovalRuleTemplate", new { approvalRuleTemplateName = name })).Failed();

        // Assert
        Assert.Contains($"User: arn:aws:iam::{server.AccountId}:user/{userName} is not authorized to perform: codecommit:CreateApprovalRuleTemplate", refusal);
        Assert.Equal(name, keptName);
        Assert.Equal("reviewer-1", keptMember);
        Assert.Equal("ApprovalRuleTemplateDoesNotExistException", lookup.Code);
    }

    [Fact]
    public async Task TemplateWithTwoStatements_IsEditedAsJson_AndAnEditOverSomeoneElsesChangeIsRefused()
    {
        // Arrange: a template made with boto3 whose rule has two statements (the form's fields cannot show it).
        var name = GitsteadServer.UniqueName("two statements");
        var content = """{"Version":"2018-11-08","Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":1},{"Type":"Approvers","NumberOfApprovalsNeeded":1,"ApprovalPoolMembers":["CodeCommitApprovers:123456789012:lead"]}]}""";
        var theirs = """{"Version":"2018-11-08","Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":3}]}""";
        var mine = """{"Version":"2018-11-08","Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":2},{"Type":"Approvers","NumberOfApprovalsNeeded":1}]}""";
        (await Api("CreateApprovalRuleTemplate", new { approvalRuleTemplateName = name, approvalRuleTemplateContent = content })).Ok();
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);

        // Act: open Edit, someone else changes the content meanwhile, then save.
        await page.GotoCodeCommitAsync($"approval-rule-templates/{Uri.EscapeDataString(name)}/edit");
        var shownJson = await page.GetByLabel("Content", new() { Exact = true }).InputValueAsync();
        (await Api("UpdateApprovalRuleTemplateContent", new { approvalRuleTemplateName = name, newRuleContent = theirs })).Ok();
        await page.GetByLabel("Content", new() { Exact = true }).FillAsync(mine);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var refusal = await page.ErrorTextAsync();
        var kept = await page.GetByLabel("Content", new() { Exact = true }).InputValueAsync();
        var afterRefusal = (await Api("GetApprovalRuleTemplate", new { approvalRuleTemplateName = name })).Ok()["approvalRuleTemplate"]!;

        // Loaded again (one statement now: the form's fields, and "Edit as JSON"), the edit goes through; a second template of the same name is refused.
        await page.GotoCodeCommitAsync($"approval-rule-templates/{Uri.EscapeDataString(name)}/edit");
        var reloadedApprovals = await page.GetByLabel("Number of approvals needed").InputValueAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit as JSON" }).ClickAsync();
        await page.WaitForUrlContainingAsync("editor=json");
        await page.GetByLabel("Content", new() { Exact = true }).FillAsync(mine);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForUrlContainingAsync("/details?");
        var saved = (await Api("GetApprovalRuleTemplate", new { approvalRuleTemplateName = name })).Ok()["approvalRuleTemplate"]!;
        await page.GotoCodeCommitAsync("approval-rule-templates");
        var listed = await page.Locator("#templates tbody tr", new() { HasText = name }).Locator("time").GetAttributeAsync("datetime");
        await page.GotoCodeCommitAsync("approval-rule-templates/create");
        await page.GetByLabel("Approval rule template name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        var taken = await page.ErrorTextAsync();
        var keptName = await page.GetByLabel("Approval rule template name").InputValueAsync();

        // Assert
        Assert.Contains("\"ApprovalPoolMembers\"", shownJson);
        Assert.Contains("not valid", refusal);
        Assert.Contains("SHA-256", refusal);
        Assert.Equal(mine, kept);
        Assert.Equal(theirs, (string)afterRefusal["approvalRuleTemplateContent"]);
        Assert.Equal("3", reloadedApprovals);
        Assert.Equal(mine, (string)saved["approvalRuleTemplateContent"]);
        var modified = DateTimeOffset.Parse((string)saved["lastModifiedDate"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(modified.ToUnixTimeSeconds(), DateTimeOffset.Parse(listed, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds());
        Assert.Contains($"An approval rule template named {name} already exists", taken);
        Assert.Equal(name, keptName);
    }

    private Task<BotoResult> Api(string operation, object parameters) => server.Boto3Async(server.Root, "codecommit", operation, parameters);

    private async Task<List<string>> RepositoriesOfAsync(string template) =>
        (await Api("ListRepositoriesForApprovalRuleTemplate", new { approvalRuleTemplateName = template })).Ok()["repositoryNames"]!
            .AsArray().Select(n => (string)n).ToList();
}
