using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.CodeCommit.Api;

/// <summary>
/// Approval rule templates with boto3 and the aws CLI: their life (create, get, rename, new
/// description, new content against the hash it replaces, delete), pages of names, templates per
/// region, associations with repositories one at a time and in batches with per-repository
/// errors, what a repository's rename and deletion do to them, the limit of 25 per repository,
/// the modelled errors, and AWSCodeCommitReadOnly allowed the reads and refused every write.
/// </summary>
public abstract class ApiApprovalRuleTemplateTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    private const string ReadOnly = "arn:aws:iam::aws:policy/AWSCodeCommitReadOnly";

    private static readonly string Content = """{"Version":"2018-11-08","DestinationReferences":["refs/heads/main"],"Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":2,"ApprovalPoolMembers":["CodeCommitApprovers:123456789012:Reviewers/*"]}]}""";

    private static readonly string OtherContent = """{"Version":"2018-11-08","Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":1}]}""";

    private string RootArn => $"arn:aws:iam::{server.AccountId}:root";

    [Fact]
    public async Task Template_IsCreatedReadRenamedRedescribedRewrittenAndDeleted_WithItsHashAndDates()
    {
        // Arrange
        var name = GitsteadServer.UniqueName("tmpl");
        var renamed = GitsteadServer.UniqueName("tmpl renamed");

        // Act
        var created = (await server.RunAwsAsync(server.Root, "codecommit", "create-approval-rule-template", "--approval-rule-template-name", name,
            "--approval-rule-template-content", Content, "--approval-rule-template-description", "Two reviewers on main")).Ok()["approvalRuleTemplate"]!;
        var got = (await server.RunAwsAsync(server.Root, "codecommit", "get-approval-rule-template", "--approval-rule-template-name", name)).Ok()["approvalRuleTemplate"]!;
        var afterRename = (await Call("UpdateApprovalRuleTemplateName", new { oldApprovalRuleTemplateName = name, newApprovalRuleTemplateName = renamed })).Ok()["approvalRuleTemplate"]!;
        var oldName = (await Call("GetApprovalRuleTemplate", new { approvalRuleTemplateName = name })).Failed();
        var afterDescription = (await Call("UpdateApprovalRuleTemplateDescription", new { approvalRuleTemplateName = renamed, approvalRuleTemplateDescription = "" })).Ok()["approvalRuleTemplate"]!;
        var staleHash = (await Call("UpdateApprovalRuleTemplateContent", new { approvalRuleTemplateName = renamed, newRuleContent = OtherContent, existingRuleContentSha256 = Sha256(OtherContent) })).Failed();
        var afterContent = (await Call("UpdateApprovalRuleTemplateContent", new { approvalRuleTemplateName = renamed, newRuleContent = OtherContent, existingRuleContentSha256 = Sha256(Content) })).Ok()["approvalRuleTemplate"]!;
        var withoutHash = (await Call("UpdateApprovalRuleTemplateContent", new { approvalRuleTemplateName = renamed, newRuleContent = Content })).Ok()["approvalRuleTemplate"]!;
        var deleted = (await Call("DeleteApprovalRuleTemplate", new { approvalRuleTemplateName = renamed })).Ok();
        var gone = (await Call("GetApprovalRuleTemplate", new { approvalRuleTemplateName = renamed })).Failed();
        var deletedAgain = (await Call("DeleteApprovalRuleTemplate", new { approvalRuleTemplateName = renamed })).Failed();

        // Assert
        var id = (string)created["approvalRuleTemplateId"];
        Assert.True(Guid.TryParse(id, out _), id);
        Assert.Equal((name, Content, "Two reviewers on main"), ((string)created["approvalRuleTemplateName"], (string)created["approvalRuleTemplateContent"], (string)created["approvalRuleTemplateDescription"]));
        Assert.Equal(Sha256(Content), (string)created["ruleContentSha256"]);
        Assert.Equal(RootArn, (string)created["lastModifiedUser"]);
        Assert.True(Date(created["creationDate"]) > DateTimeOffset.UtcNow.AddHours(-1), created.ToJsonString());
        Assert.Equal(created.ToJsonString(), got.ToJsonString());
        Assert.Equal((id, renamed, Content), ((string)afterRename["approvalRuleTemplateId"], (string)afterRename["approvalRuleTemplateName"], (string)afterRename["approvalRuleTemplateContent"]));
        Assert.Equal("ApprovalRuleTemplateDoesNotExistException", oldName.Code);
        Assert.Equal("", (string)afterDescription["approvalRuleTemplateDescription"]);
        Assert.Equal("InvalidRuleContentSha256Exception", staleHash.Code);
        Assert.Equal((OtherContent, Sha256(OtherContent)), ((string)afterContent["approvalRuleTemplateContent"], (string)afterContent["ruleContentSha256"]));
        Assert.Equal(Sha256(Content), (string)withoutHash["ruleContentSha256"]);
        Assert.Equal(Date(created["creationDate"]), Date(withoutHash["creationDate"]));
        Assert.True(Date(withoutHash["lastModifiedDate"]) >= Date(created["lastModifiedDate"]));
        Assert.Equal(id, (string)deleted["approvalRuleTemplateId"]);
        Assert.Equal("ApprovalRuleTemplateDoesNotExistException", gone.Code);
        Assert.Equal("ApprovalRuleTemplateDoesNotExistException", deletedAgain.Code);
    }

    [Fact]
    public async Task InvalidNamesDescriptionsContentAndPages_AreRefusedWithTheModelledErrors()
    {
        // Arrange
        var name = GitsteadServer.UniqueName("tmpl");
        var other = GitsteadServer.UniqueName("tmpl");
        (await Create(name)).Ok();
        (await Create(other)).Ok();

        // Act
        async Task<string> CreateCode(string templateName, string content, string description = null)
        {
            var parameters = new JsonObject { ["approvalRuleTemplateName"] = templateName, ["approvalRuleTemplateContent"] = content };
            if (description is not null)
            {
                parameters["approvalRuleTemplateDescription"] = description;
            }

            return (await Call("CreateApprovalRuleTemplate", parameters)).Failed().Code;
        }

        var badName = await CreateCode("no/slashes", Content);
        var gitName = await CreateCode("name.git", Content);
        var longName = await CreateCode(new string('n', 101), Content);
        var duplicate = await CreateCode(name, Content);
        var notJson = await CreateCode(GitsteadServer.UniqueName("tmpl"), "{not json");
        var noStatements = await CreateCode(GitsteadServer.UniqueName("tmpl"), """{"Version":"2018-11-08","Statements":[]}""");
        var starFirst = await CreateCode(GitsteadServer.UniqueName("tmpl"), """{"Version":"2018-11-08","DestinationReferences":["*main"],"Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":1}]}""");
        var longDescription = await CreateCode(GitsteadServer.UniqueName("tmpl"), Content, new string('d', 1001));
        var renameOntoTaken = (await Call("UpdateApprovalRuleTemplateName", new { oldApprovalRuleTemplateName = name, newApprovalRuleTemplateName = other })).Failed();
        var renameMissing = (await Call("UpdateApprovalRuleTemplateName", new { oldApprovalRuleTemplateName = GitsteadServer.UniqueName("none"), newApprovalRuleTemplateName = GitsteadServer.UniqueName("none") })).Failed();
        var badContent = (await Call("UpdateApprovalRuleTemplateContent", new { approvalRuleTemplateName = name, newRuleContent = """{"Version":"2018-11-08"}""" })).Failed();
        var longUpdate = (await Call("UpdateApprovalRuleTemplateDescription", new { approvalRuleTemplateName = name, approvalRuleTemplateDescription = new string('d', 1001) })).Failed();
        var zeroPage = (await Call("ListApprovalRuleTemplates", new { maxResults = 0 })).Failed();
        var badToken = (await Call("ListApprovalRuleTemplates", new { nextToken = "not-a-token" })).Failed();

        // Assert
        Assert.Equal("InvalidApprovalRuleTemplateNameException", badName);
        Assert.Equal("InvalidApprovalRuleTemplateNameException", gitName);
        Assert.Equal("InvalidApprovalRuleTemplateNameException", longName);
        Assert.Equal("ApprovalRuleTemplateNameAlreadyExistsException", duplicate);
        Assert.Equal("InvalidApprovalRuleTemplateContentException", notJson);
        Assert.Equal("InvalidApprovalRuleTemplateContentException", noStatements);
        Assert.Equal("InvalidApprovalRuleTemplateContentException", starFirst);
        Assert.Equal("InvalidApprovalRuleTemplateDescriptionException", longDescription);
        Assert.Equal("ApprovalRuleTemplateNameAlreadyExistsException", renameOntoTaken.Code);
        Assert.Equal("ApprovalRuleTemplateDoesNotExistException", renameMissing.Code);
        Assert.Equal("InvalidApprovalRuleTemplateContentException", badContent.Code);
        Assert.Equal("InvalidApprovalRuleTemplateDescriptionException", longUpdate.Code);
        Assert.Equal("InvalidMaxResultsException", zeroPage.Code);
        Assert.Equal("InvalidContinuationTokenException", badToken.Code);
    }

    [Fact]
    public async Task ListApprovalRuleTemplates_PagesThroughTheRegionsTemplatesInNameOrder_AndOtherRegionsAreApart()
    {
        // Arrange
        var prefix = GitsteadServer.UniqueName("paged");
        var names = new[] { $"{prefix}-c", $"{prefix}-a", $"{prefix}-b" };
        foreach (var name in names)
        {
            (await Create(name)).Ok();
        }

        (await Call("CreateApprovalRuleTemplate", new { approvalRuleTemplateName = $"{prefix}-a", approvalRuleTemplateContent = OtherContent }, "eu-west-1")).Ok();
        (await Call("CreateApprovalRuleTemplate", new { approvalRuleTemplateName = $"{prefix}-elsewhere", approvalRuleTemplateContent = OtherContent }, "eu-west-1")).Ok();

        // Act
        var listed = new List<string>();
        var pages = 0;
        string token = null;
        do
        {
            var page = (await Call("ListApprovalRuleTemplates", token is null ? new { maxResults = 2 } : (object)new { maxResults = 2, nextToken = token })).Ok();
            Assert.True(page["approvalRuleTemplateNames"]!.AsArray().Count <= 2, page.ToJsonString());
            listed.AddRange(page["approvalRuleTemplateNames"]!.AsArray().Select(n => (string)n));
            token = (string)page["nextToken"];
            pages++;
        }
        while (token is not null);
        var inEurope = (await Call("ListApprovalRuleTemplates", new { }, "eu-west-1")).Ok()["approvalRuleTemplateNames"]!.AsArray().Select(n => (string)n).ToList();
        var europeanHere = (await Call("GetApprovalRuleTemplate", new { approvalRuleTemplateName = $"{prefix}-elsewhere" })).Failed();
        var here = (await Call("GetApprovalRuleTemplate", new { approvalRuleTemplateName = $"{prefix}-a" })).Ok()["approvalRuleTemplate"]!;
        var there = (await Call("GetApprovalRuleTemplate", new { approvalRuleTemplateName = $"{prefix}-a" }, "eu-west-1")).Ok()["approvalRuleTemplate"]!;

        // Assert
        Assert.Equal([$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"], listed.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.True(pages >= 2, $"{pages} page(s)");
        Assert.Equal([$"{prefix}-a", $"{prefix}-elsewhere"], inEurope.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.DoesNotContain($"{prefix}-elsewhere", listed);
        Assert.Equal("ApprovalRuleTemplateDoesNotExistException", europeanHere.Code);
        Assert.NotEqual((string)here["approvalRuleTemplateId"], (string)there["approvalRuleTemplateId"]);
        Assert.Equal(OtherContent, (string)there["approvalRuleTemplateContent"]);
    }

    [Fact]
    public async Task Associations_OneAtATimeAndInBatches_FollowRenamesAndDeletionsOfRepositories_AndHoldTheTemplate()
    {
        // Arrange
        var template = GitsteadServer.UniqueName("assoc");
        var first = GitsteadServer.UniqueName("repo-a");
        var second = GitsteadServer.UniqueName("repo-b");
        var firstRenamed = GitsteadServer.UniqueName("repo-c");
        var missing = GitsteadServer.UniqueName("missing");
        (await Create(template)).Ok();
        await server.CreateRepositoryAsync(first);
        await server.CreateRepositoryAsync(second);

        // Act
        (await server.RunAwsAsync(server.Root, "codecommit", "associate-approval-rule-template-with-repository",
            "--approval-rule-template-name", template, "--repository-name", first)).Ok();
        var batch = (await Call("BatchAssociateApprovalRuleTemplateWithRepositories", new { approvalRuleTemplateName = template, repositoryNames = new[] { first, second, missing, "bad/name" } })).Ok();
        var repositories = (await Call("ListRepositoriesForApprovalRuleTemplate", new { approvalRuleTemplateName = template })).Ok();
        var forFirst = (await server.RunAwsAsync(server.Root, "codecommit", "list-associated-approval-rule-templates-for-repository", "--repository-name", first)).Ok();
        var inUse = (await Call("DeleteApprovalRuleTemplate", new { approvalRuleTemplateName = template })).Failed();
        (await Call("UpdateRepositoryName", new { oldName = first, newName = firstRenamed })).Ok();
        (await Call("DeleteRepository", new { repositoryName = second })).Ok();
        var afterRepositoryChanges = (await Call("ListRepositoriesForApprovalRuleTemplate", new { approvalRuleTemplateName = template })).Ok();
        var forRenamed = (await Call("ListAssociatedApprovalRuleTemplatesForRepository", new { repositoryName = firstRenamed })).Ok();
        var stillInUse = (await Call("DeleteApprovalRuleTemplate", new { approvalRuleTemplateName = template })).Failed();
        var batchOff = (await Call("BatchDisassociateApprovalRuleTemplateFromRepositories", new { approvalRuleTemplateName = template, repositoryNames = new[] { firstRenamed, missing } })).Ok();
        var afterBatchOff = (await Call("ListRepositoriesForApprovalRuleTemplate", new { approvalRuleTemplateName = template })).Ok();
        (await Call("AssociateApprovalRuleTemplateWithRepository", new { approvalRuleTemplateName = template, repositoryName = firstRenamed })).Ok();
        (await Call("DisassociateApprovalRuleTemplateFromRepository", new { approvalRuleTemplateName = template, repositoryName = firstRenamed })).Ok();
        var deleted = (await Call("DeleteApprovalRuleTemplate", new { approvalRuleTemplateName = template })).Ok();

        // Assert
        Assert.Equal([first, second], Names(batch["associatedRepositoryNames"]));
        var errors = batch["errors"]!.AsArray().ToDictionary(e => (string)e!["repositoryName"], e => (string)e!["errorCode"]);
        Assert.Equal("RepositoryDoesNotExistException", errors[missing]);
        Assert.Equal("InvalidRepositoryNameException", errors["bad/name"]);
        Assert.All(batch["errors"]!.AsArray(), e => Assert.False(string.IsNullOrEmpty((string)e!["errorMessage"])));
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), Names(repositories["repositoryNames"]));
        Assert.Equal([template], Names(forFirst["approvalRuleTemplateNames"]));
        Assert.Equal("ApprovalRuleTemplateInUseException", inUse.Code);
        Assert.Equal([firstRenamed], Names(afterRepositoryChanges["repositoryNames"]));
        Assert.Equal([template], Names(forRenamed["approvalRuleTemplateNames"]));
        Assert.Equal("ApprovalRuleTemplateInUseException", stillInUse.Code);
        Assert.Equal([firstRenamed], Names(batchOff["disassociatedRepositoryNames"]));
        Assert.Equal("RepositoryDoesNotExistException", (string)batchOff["errors"]![0]!["errorCode"]);
        Assert.Empty(Names(afterBatchOff["repositoryNames"]));
        Assert.False(string.IsNullOrEmpty((string)deleted["approvalRuleTemplateId"]));
    }

    [Fact]
    public async Task AssociationErrors_MissingTemplateOrRepository_AndTheTwentySixthTemplateOfARepository()
    {
        // Arrange
        var repository = GitsteadServer.UniqueName("full");
        await server.CreateRepositoryAsync(repository);
        var prefix = GitsteadServer.UniqueName("many");
        var templates = Enumerable.Range(0, 26).Select(i => $"{prefix}-{i:D2}").ToList();
        foreach (var template in templates)
        {
            (await Create(template)).Ok();
        }

        // Act
        foreach (var template in templates.Take(25))
        {
            (await Call("AssociateApprovalRuleTemplateWithRepository", new { approvalRuleTemplateName = template, repositoryName = repository })).Ok();
        }

        var again = await Call("AssociateApprovalRuleTemplateWithRepository", new { approvalRuleTemplateName = templates[0], repositoryName = repository });
        var twentySixth = (await Call("AssociateApprovalRuleTemplateWithRepository", new { approvalRuleTemplateName = templates[25], repositoryName = repository })).Failed();
        var inBatch = (await Call("BatchAssociateApprovalRuleTemplateWithRepositories", new { approvalRuleTemplateName = templates[25], repositoryNames = new[] { repository } })).Ok();
        var associated = (await Call("ListAssociatedApprovalRuleTemplatesForRepository", new { repositoryName = repository, maxResults = 100 })).Ok();
        var noTemplate = (await Call("AssociateApprovalRuleTemplateWithRepository", new { approvalRuleTemplateName = GitsteadServer.UniqueName("none"), repositoryName = repository })).Failed();
        var noRepository = (await Call("AssociateApprovalRuleTemplateWithRepository", new { approvalRuleTemplateName = templates[0], repositoryName = GitsteadServer.UniqueName("none") })).Failed();
        var batchNoTemplate = (await Call("BatchAssociateApprovalRuleTemplateWithRepositories", new { approvalRuleTemplateName = GitsteadServer.UniqueName("none"), repositoryNames = new[] { repository } })).Failed();
        var tooManyNames = (await Call("BatchAssociateApprovalRuleTemplateWithRepositories", new { approvalRuleTemplateName = templates[0], repositoryNames = Enumerable.Range(0, 101).Select(i => $"r{i}").ToArray() })).Failed();
        var listNoRepository = (await Call("ListAssociatedApprovalRuleTemplatesForRepository", new { repositoryName = GitsteadServer.UniqueName("none") })).Failed();
        var listNoTemplate = (await Call("ListRepositoriesForApprovalRuleTemplate", new { approvalRuleTemplateName = GitsteadServer.UniqueName("none") })).Failed();

        // Assert
        Assert.True(again.Succeeded, again.ToString());
        Assert.Equal("MaximumRuleTemplatesAssociatedWithRepositoryException", twentySixth.Code);
        Assert.Empty(Names(inBatch["associatedRepositoryNames"]));
        Assert.Equal("MaximumRuleTemplatesAssociatedWithRepositoryException", (string)inBatch["errors"]![0]!["errorCode"]);
        Assert.Equal(templates.Take(25), Names(associated["approvalRuleTemplateNames"]));
        Assert.Equal("ApprovalRuleTemplateDoesNotExistException", noTemplate.Code);
        Assert.Equal("RepositoryDoesNotExistException", noRepository.Code);
        Assert.Equal("ApprovalRuleTemplateDoesNotExistException", batchNoTemplate.Code);
        Assert.Equal("MaximumRepositoryNamesExceededException", tooManyNames.Code);
        Assert.Equal("RepositoryDoesNotExistException", listNoRepository.Code);
        Assert.Equal("ApprovalRuleTemplateDoesNotExistException", listNoTemplate.Code);
    }

    [Fact]
    public async Task AssociationsRacingForTheLastPlace_OnlyOneGetsIt()
    {
        // Arrange: 24 templates associated, 30 more ready to race for the 25th place
        var repository = GitsteadServer.UniqueName("race");
        await server.CreateRepositoryAsync(repository);
        var prefix = GitsteadServer.UniqueName("racing");
        var templates = Enumerable.Range(0, 24 + 30).Select(i => $"{prefix}-{i:D2}").ToList();
        foreach (var template in templates)
        {
            (await Create(template)).Ok();
        }

        foreach (var template in templates.Take(24))
        {
            (await Call("AssociateApprovalRuleTemplateWithRepository", new { approvalRuleTemplateName = template, repositoryName = repository })).Ok();
        }

        // Act
        var racers = await server.Boto3ParallelAsync(server.Root, "codecommit", "AssociateApprovalRuleTemplateWithRepository",
            templates.Skip(24).Select(t => (object)new { approvalRuleTemplateName = t, repositoryName = repository }));
        var associated = (await Call("ListAssociatedApprovalRuleTemplatesForRepository", new { repositoryName = repository, maxResults = 100 })).Ok();

        // Assert
        Assert.Single(racers, r => r.Succeeded);
        Assert.All(racers.Where(r => !r.Succeeded), r => Assert.Equal("MaximumRuleTemplatesAssociatedWithRepositoryException", r.Failed().Code));
        Assert.Equal(25, associated["approvalRuleTemplateNames"]!.AsArray().Count);
    }

    [Fact]
    public async Task ReadOnlyUser_ReadsTemplatesAndAssociations_ButEveryWriteIsAccessDenied()
    {
        // Arrange
        var template = GitsteadServer.UniqueName("guarded");
        var repository = GitsteadServer.UniqueName("guarded-repo");
        (await Create(template)).Ok();
        await server.CreateRepositoryAsync(repository);
        (await Call("AssociateApprovalRuleTemplateWithRepository", new { approvalRuleTemplateName = template, repositoryName = repository })).Ok();
        var user = GitsteadServer.UniqueName("reader");
        await server.CreateUserAsync(user);
        (await server.RunAwsAsync(server.Root, "iam", "attach-user-policy", "--user-name", user, "--policy-arn", ReadOnly)).Ok();
        var reader = await server.CreateAccessKeyAsync(user);
        var nobodyName = GitsteadServer.UniqueName("nobody");
        await server.CreateUserAsync(nobodyName);
        var nobody = await server.CreateAccessKeyAsync(nobodyName);

        // Act
        var get = (await server.Boto3Async(reader, "codecommit", "GetApprovalRuleTemplate", new { approvalRuleTemplateName = template })).Ok();
        var list = (await server.Boto3Async(reader, "codecommit", "ListApprovalRuleTemplates")).Ok();
        var forRepository = (await server.Boto3Async(reader, "codecommit", "ListAssociatedApprovalRuleTemplatesForRepository", new { repositoryName = repository })).Ok();
        var repositories = (await server.Boto3Async(reader, "codecommit", "ListRepositoriesForApprovalRuleTemplate", new { approvalRuleTemplateName = template })).Ok();
        var writes = new (string Operation, object Parameters)[]
        {
            ("CreateApprovalRuleTemplate", new { approvalRuleTemplateName = GitsteadServer.UniqueName("nope"), approvalRuleTemplateContent = Content }),
            ("UpdateApprovalRuleTemplateName", new { oldApprovalRuleTemplateName = template, newApprovalRuleTemplateName = GitsteadServer.UniqueName("nope") }),
            ("UpdateApprovalRuleTemplateDescription", new { approvalRuleTemplateName = template, approvalRuleTemplateDescription = "x" }),
            ("UpdateApprovalRuleTemplateContent", new { approvalRuleTemplateName = template, newRuleContent = OtherContent }),
            ("DeleteApprovalRuleTemplate", new { approvalRuleTemplateName = template }),
            ("AssociateApprovalRuleTemplateWithRepository", new { approvalRuleTemplateName = template, repositoryName = repository }),
            ("DisassociateApprovalRuleTemplateFromRepository", new { approvalRuleTemplateName = template, repositoryName = repository }),
            ("BatchAssociateApprovalRuleTemplateWithRepositories", new { approvalRuleTemplateName = template, repositoryNames = new[] { repository } }),
            ("BatchDisassociateApprovalRuleTemplateFromRepositories", new { approvalRuleTemplateName = template, repositoryNames = new[] { repository } }),
        };
        var refused = new Dictionary<string, BotoError>();
        foreach (var (operation, parameters) in writes)
        {
            refused[operation] = (await server.Boto3Async(reader, "codecommit", operation, parameters)).Failed();
        }

        var cliRefused = await server.RunAwsAsync(reader, "codecommit", "delete-approval-rule-template", "--approval-rule-template-name", template);
        var nobodyGet = (await server.Boto3Async(nobody, "codecommit", "GetApprovalRuleTemplate", new { approvalRuleTemplateName = template })).Failed();
        var unchanged = (await Call("GetApprovalRuleTemplate", new { approvalRuleTemplateName = template })).Ok()["approvalRuleTemplate"]!;
        var stillAssociated = (await Call("ListRepositoriesForApprovalRuleTemplate", new { approvalRuleTemplateName = template })).Ok();

        // Assert
        Assert.Equal(template, (string)get["approvalRuleTemplate"]!["approvalRuleTemplateName"]);
        Assert.Contains(template, Names(list["approvalRuleTemplateNames"]));
        Assert.Equal([template], Names(forRepository["approvalRuleTemplateNames"]));
        Assert.Equal([repository], Names(repositories["repositoryNames"]));
        Assert.All(refused, r => Assert.Equal(("AccessDeniedException", 400), (r.Value.Code, r.Value.Status ?? 0)));
        Assert.Contains($"user/{user} is not authorized to perform: codecommit:CreateApprovalRuleTemplate on resource: * ", refused["CreateApprovalRuleTemplate"].Message);
        Assert.Contains($"codecommit:UpdateApprovalRuleTemplateContent on resource: arn:aws:codecommit:{GitsteadServer.Region}:{server.AccountId}:* ", refused["UpdateApprovalRuleTemplateContent"].Message);
        Assert.Contains($"codecommit:AssociateApprovalRuleTemplateWithRepository on resource: arn:aws:codecommit:{GitsteadServer.Region}:{server.AccountId}:{repository} ", refused["AssociateApprovalRuleTemplateWithRepository"].Message);
        Assert.Equal("AccessDeniedException", cliRefused.ErrorCode);
        Assert.Equal("AccessDeniedException", nobodyGet.Code);
        Assert.Equal((template, Content, ""), ((string)unchanged["approvalRuleTemplateName"], (string)unchanged["approvalRuleTemplateContent"], (string)unchanged["approvalRuleTemplateDescription"]));
        Assert.Equal([repository], Names(stillAssociated["repositoryNames"]));
    }

    private Task<BotoResult> Create(string name) =>
        Call("CreateApprovalRuleTemplate", new { approvalRuleTemplateName = name, approvalRuleTemplateContent = Content });

    private Task<BotoResult> Call(string operation, object parameters, string region = null) =>
        server.Boto3Async(server.Root, "codecommit", operation, parameters, region);

    /// <summary>A timestamp as the CLI prints it (epoch seconds) or boto3's driver renders it (ISO 8601).</summary>
    private static DateTimeOffset Date(JsonNode value) => value!.GetValueKind() == System.Text.Json.JsonValueKind.Number
        ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(value.GetValue<double>() * 1000))
        : DateTimeOffset.Parse((string)value, System.Globalization.CultureInfo.InvariantCulture);

    private static List<string> Names(JsonNode array) => array!.AsArray().Select(n => (string)n).ToList();

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

public sealed class ApiApprovalRuleTemplatesOnSqlite(SqliteServer server) : ApiApprovalRuleTemplateTests<SqliteServer>(server);

public sealed class ApiApprovalRuleTemplatesOnPostgres(PostgresServer server) : ApiApprovalRuleTemplateTests<PostgresServer>(server);
