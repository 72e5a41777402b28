using Gitstead.Aws;
using Gitstead.CodeCommit.PullRequests;
using Gitstead.CodeCommit.Repositories;
using Gitstead.CodeCommit.Templates;
using Xunit;

namespace Gitstead.UnitTests.CodeCommit;

/// <summary>
/// What pull request creation gets from <see cref="IApprovalRuleTemplateSource"/> as registered:
/// the templates associated with the repository whose destination references match the pull
/// request's destination (none named: every branch), made and associated through the service,
/// over a real SQLite database; and the region's limit of 1,000 templates.
/// </summary>
public sealed class ApprovalRuleTemplateSourceTests
{
    private const string AnyBranch = """{"Version":"2018-11-08","Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":1}]}""";
    private const string MainOnly = """{"Version":"2018-11-08","DestinationReferences":["refs/heads/main"],"Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":2}]}""";
    private const string Releases = """{"Version":"2018-11-08","DestinationReferences":["refs/heads/release/*"],"Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":3}]}""";

    [Fact]
    public async Task ForNewPullRequestAsync_AssociatedTemplates_OnlyThoseWhoseDestinationReferencesMatch()
    {
        // Arrange
        await using var harness = await CodeCommitHarness.CreateAsync();
        var templates = harness.Get<ApprovalRuleTemplateService>();
        var root = harness.Root;
        var ct = CancellationToken.None;
        await harness.Get<RepositoryService>().CreateAsync(root, new NewRepository("demo"), ct);
        await harness.Get<RepositoryService>().CreateAsync(root, new NewRepository("other"), ct);
        var any = await templates.CreateAsync(root, "any branch", AnyBranch, null, ct);
        var main = await templates.CreateAsync(root, "main only", MainOnly, null, ct);
        await templates.CreateAsync(root, "releases", Releases, null, ct);
        await templates.CreateAsync(root, "unassociated", AnyBranch, null, ct);
        await templates.BatchAssociateAsync(root, "any branch", ["demo", "other"], ct);
        await templates.AssociateAsync(root, "main only", "demo", ct);
        await templates.AssociateAsync(root, "releases", "demo", ct);
        var demo = await harness.Get<RepositoryStore>().RequireAsync(harness.AccountId, "us-east-1", "demo", ct);
        var other = await harness.Get<RepositoryStore>().RequireAsync(harness.AccountId, "us-east-1", "other", ct);
        var source = harness.Get<IApprovalRuleTemplateSource>();

        // Act
        var intoMain = await source.ForNewPullRequestAsync(harness.AccountId, "us-east-1", demo.Key, "refs/heads/main", ct);
        var intoRelease = await source.ForNewPullRequestAsync(harness.AccountId, "us-east-1", demo.Key, "refs/heads/release/1.0", ct);
        var intoFeature = await source.ForNewPullRequestAsync(harness.AccountId, "us-east-1", demo.Key, "feature", ct);
        var otherRepository = await source.ForNewPullRequestAsync(harness.AccountId, "us-east-1", other.Key, "refs/heads/main", ct);
        var otherRegion = await source.ForNewPullRequestAsync(harness.AccountId, "eu-west-1", demo.Key, "refs/heads/main", ct);

        // Assert
        Assert.Equal([new TemplateRule(any.TemplateId, "any branch", AnyBranch), new TemplateRule(main.TemplateId, "main only", MainOnly)], intoMain);
        Assert.Equal(["any branch", "releases"], intoRelease.Select(t => t.TemplateName));
        Assert.Equal(["any branch"], intoFeature.Select(t => t.TemplateName));
        Assert.Equal(["any branch"], otherRepository.Select(t => t.TemplateName));
        Assert.Empty(otherRegion);
    }

    [Fact]
    public async Task ForNewPullRequestAsync_AfterDisassociationOrRename_FollowsTheTemplatesAsTheyAreNow()
    {
        // Arrange
        await using var harness = await CodeCommitHarness.CreateAsync();
        var templates = harness.Get<ApprovalRuleTemplateService>();
        var ct = CancellationToken.None;
        await harness.Get<RepositoryService>().CreateAsync(harness.Root, new NewRepository("demo"), ct);
        await templates.CreateAsync(harness.Root, "first", AnyBranch, null, ct);
        await templates.CreateAsync(harness.Root, "second", MainOnly, null, ct);
        await templates.BatchAssociateAsync(harness.Root, "first", ["demo"], ct);
        await templates.BatchAssociateAsync(harness.Root, "second", ["demo"], ct);
        var demo = await harness.Get<RepositoryStore>().RequireAsync(harness.AccountId, "us-east-1", "demo", ct);
        var source = harness.Get<IApprovalRuleTemplateSource>();

        // Act
        await templates.DisassociateAsync(harness.Root, "first", "demo", ct);
        await templates.UpdateNameAsync(harness.Root, "second", "renamed", ct);
        await templates.UpdateContentAsync(harness.Root, "renamed", AnyBranch, null, ct);
        var rules = await source.ForNewPullRequestAsync(harness.AccountId, "us-east-1", demo.Key, "refs/heads/feature", ct);

        // Assert
        Assert.Equal([("renamed", AnyBranch)], rules.Select(r => (r.TemplateName, r.Content)));
    }

    [Fact]
    public async Task CreateAsync_PastOneThousandInARegion_NumberOfRuleTemplatesExceeded_OtherRegionsUnaffected()
    {
        // Arrange
        await using var harness = await CodeCommitHarness.CreateAsync();
        var templates = harness.Get<ApprovalRuleTemplateService>();
        var ct = CancellationToken.None;
        for (var i = 0; i < ApprovalRuleTemplateRules.MaxTemplatesPerRegion; i++)
        {
            await templates.CreateAsync(harness.Root, $"t{i:D4}", AnyBranch, null, ct);
        }

        // Act
        var refused = await Assert.ThrowsAsync<AwsServiceException>(() => templates.CreateAsync(harness.Root, "one too many", AnyBranch, null, ct));
        var elsewhere = await templates.CreateAsync(CodeCommitHarness.Call(Caller.Root(harness.AccountId), "eu-west-1"), "one too many", AnyBranch, null, ct);

        // Assert
        Assert.Equal(1000, ApprovalRuleTemplateRules.MaxTemplatesPerRegion);
        Assert.Equal("NumberOfRuleTemplatesExceededException", refused.Code);
        Assert.Equal("one too many", elsewhere.Name);
    }
}
