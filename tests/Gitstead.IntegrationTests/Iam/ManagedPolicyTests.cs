using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Iam;

/// <summary>
/// The account root manages customer managed policies and their versions, and reads the
/// shipped AWS managed policies, with the aws CLI and boto3.
/// </summary>
public abstract class ManagedPolicyTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    private const string PowerUser = "arn:aws:iam::aws:policy/AWSCodeCommitPowerUser";

    [Fact]
    public async Task CreatePolicy_ReturnsThePolicyWithItsArnIdAndFirstVersion()
    {
        var name = GitsteadServer.UniqueName("ReadRepos");

        var policy = (await server.RunAwsAsync(server.Root, "iam", "create-policy", "--policy-name", name, "--path", "/git/",
            "--policy-document", PolicySteps.Document(), "--description", "Pull every team repo", "--tags", "Key=team,Value=git")).Ok()["Policy"]!;

        Assert.Equal(name, (string)policy["PolicyName"]);
        Assert.Equal($"arn:aws:iam::{server.AccountId}:policy/git/{name}", (string)policy["Arn"]);
        Assert.Matches("^ANPA[A-Z0-9]{17}$", (string)policy["PolicyId"]);
        Assert.Equal("/git/", (string)policy["Path"]);
        Assert.Equal("v1", (string)policy["DefaultVersionId"]);
        Assert.Equal(0, (int)policy["AttachmentCount"]!);
        Assert.True((bool)policy["IsAttachable"]!);
        Assert.Equal("Pull every team repo", (string)policy["Description"]);
        Assert.Equal("git", (string)policy["Tags"]![0]!["Value"]);
    }

    [Fact]
    public async Task GetPolicyVersion_ReturnsTheDocumentThatBotocoreDecodesIntoADict()
    {
        var document = PolicySteps.Document();
        var arn = await server.CreatePolicyAsync(GitsteadServer.UniqueName("Decoded"), document);

        var version = (await server.Boto3Async(server.Root, "iam", "GetPolicyVersion", new { PolicyArn = arn, VersionId = "v1" })).Ok()["PolicyVersion"]!;
        var cli = (await server.RunAwsAsync(server.Root, "iam", "get-policy-version", "--policy-arn", arn, "--version-id", "v1")).Ok()["PolicyVersion"]!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(document), version["Document"]), version.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(document), cli["Document"]), cli.ToJsonString());
        Assert.True((bool)version["IsDefaultVersion"]!);
    }

    [Fact]
    public async Task CreatePolicy_SameNameOnAnotherPath_RaisesEntityAlreadyExistsException()
    {
        var name = GitsteadServer.UniqueName("Unique");
        await server.CreatePolicyAsync(name);

        var error = (await server.Boto3Async(server.Root, "iam", "CreatePolicy",
            new { PolicyName = name.ToUpperInvariant(), Path = "/other/", PolicyDocument = PolicySteps.Document() })).Failed();

        Assert.Equal("EntityAlreadyExistsException", error.Type);
        Assert.Equal($"A policy called {name.ToUpperInvariant()} already exists. Duplicate names are not allowed.", error.Message);
    }

    [Fact]
    public async Task CreatePolicy_BadDocuments_RaiseMalformedPolicyDocumentAndLimitExceeded()
    {
        var malformed = (await server.Boto3Async(server.Root, "iam", "CreatePolicy",
            new { PolicyName = GitsteadServer.UniqueName("Broken"), PolicyDocument = "{\"Version\": \"2012-10-17\", \"Statement\": [" })).Failed();
        var oversized = (await server.Boto3Async(server.Root, "iam", "CreatePolicy",
            new { PolicyName = GitsteadServer.UniqueName("Huge"), PolicyDocument = PolicySteps.DocumentOfSize(6200) })).Failed();

        Assert.Equal("MalformedPolicyDocumentException", malformed.Type);
        Assert.Equal(400, malformed.Status);
        Assert.False(string.IsNullOrEmpty(malformed.Message));
        Assert.Equal("LimitExceededException", oversized.Type);
        Assert.Equal("Cannot exceed quota for PolicySize: 6144", oversized.Message);
    }

    [Fact]
    public async Task PolicyVersions_UpToFive_DefaultCanMoveButNotBeDeleted()
    {
        var arn = await server.CreatePolicyAsync(GitsteadServer.UniqueName("Versioned"));
        for (var i = 2; i <= 5; i++)
        {
            var created = (await server.Boto3Async(server.Root, "iam", "CreatePolicyVersion",
                new { PolicyArn = arn, PolicyDocument = PolicySteps.Document($"codecommit:Get{i}"), SetAsDefault = i == 3 })).Ok()["PolicyVersion"]!;
            Assert.Equal($"v{i}", (string)created["VersionId"]);
        }

        var sixth = (await server.Boto3Async(server.Root, "iam", "CreatePolicyVersion", new { PolicyArn = arn, PolicyDocument = PolicySteps.Document() })).Failed();
        var versions = (await server.RunAwsAsync(server.Root, "iam", "list-policy-versions", "--policy-arn", arn)).Ok()["Versions"]!.AsArray();
        var deleteDefault = (await server.Boto3Async(server.Root, "iam", "DeletePolicyVersion", new { PolicyArn = arn, VersionId = "v3" })).Failed();
        (await server.RunAwsAsync(server.Root, "iam", "set-default-policy-version", "--policy-arn", arn, "--version-id", "v5")).Ok();
        (await server.RunAwsAsync(server.Root, "iam", "delete-policy-version", "--policy-arn", arn, "--version-id", "v3")).Ok();
        var policy = (await server.Boto3Async(server.Root, "iam", "GetPolicy", new { PolicyArn = arn })).Ok()["Policy"]!;
        var gone = (await server.Boto3Async(server.Root, "iam", "GetPolicyVersion", new { PolicyArn = arn, VersionId = "v3" })).Failed();

        Assert.Equal("LimitExceededException", sixth.Type);
        Assert.Equal("A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.", sixth.Message);
        Assert.Equal(["v5", "v4", "v3", "v2", "v1"], versions.Select(v => (string)v!["VersionId"]));
        Assert.Equal(["v3"], versions.Where(v => (bool)v!["IsDefaultVersion"]!).Select(v => (string)v!["VersionId"]));
        Assert.Equal("DeleteConflictException", deleteDefault.Type);
        Assert.Equal("Cannot delete the default version of a policy.", deleteDefault.Message);
        Assert.Equal("v5", (string)policy["DefaultVersionId"]);
        Assert.Equal("NoSuchEntityException", gone.Type);
    }

    [Fact]
    public async Task ListPolicyVersions_WithMaxItems_PagesNewestFirst()
    {
        var arn = await server.CreatePolicyAsync(GitsteadServer.UniqueName("Paged"));
        (await server.Boto3Async(server.Root, "iam", "CreatePolicyVersion", new { PolicyArn = arn, PolicyDocument = PolicySteps.Document("codecommit:Get*") })).Ok();

        var first = (await server.Boto3Async(server.Root, "iam", "ListPolicyVersions", new { PolicyArn = arn, MaxItems = 1 })).Ok();
        var second = (await server.Boto3Async(server.Root, "iam", "ListPolicyVersions", new { PolicyArn = arn, MaxItems = 1, Marker = (string)first["Marker"] })).Ok();

        Assert.True((bool)first["IsTruncated"]!);
        Assert.Equal("v2", (string)first["Versions"]![0]!["VersionId"]);
        Assert.False((bool)second["IsTruncated"]!);
        Assert.Equal("v1", (string)second["Versions"]![0]!["VersionId"]);
    }

    [Fact]
    public async Task DeletePolicy_RequiresNoOtherVersionAndNoAttachment()
    {
        var arn = await server.CreatePolicyAsync(GitsteadServer.UniqueName("Doomed"));
        var user = GitsteadServer.UniqueName("holder");
        await server.CreateUserAsync(user);
        (await server.Boto3Async(server.Root, "iam", "CreatePolicyVersion", new { PolicyArn = arn, PolicyDocument = PolicySteps.Document("codecommit:List*") })).Ok();
        (await server.Boto3Async(server.Root, "iam", "AttachUserPolicy", new { UserName = user, PolicyArn = arn })).Ok();

        var attached = (await server.Boto3Async(server.Root, "iam", "DeletePolicy", new { PolicyArn = arn })).Failed();
        (await server.Boto3Async(server.Root, "iam", "DetachUserPolicy", new { UserName = user, PolicyArn = arn })).Ok();
        var versions = (await server.Boto3Async(server.Root, "iam", "DeletePolicy", new { PolicyArn = arn })).Failed();
        (await server.Boto3Async(server.Root, "iam", "DeletePolicyVersion", new { PolicyArn = arn, VersionId = "v2" })).Ok();
        (await server.RunAwsAsync(server.Root, "iam", "delete-policy", "--policy-arn", arn)).Ok();
        var gone = (await server.Boto3Async(server.Root, "iam", "GetPolicy", new { PolicyArn = arn })).Failed();

        Assert.Equal(("DeleteConflictException", "Cannot delete a policy attached to entities."), (attached.Type, attached.Message));
        Assert.Equal("DeleteConflictException", versions.Type);
        Assert.StartsWith("This policy has more than one version.", versions.Message);
        Assert.Equal(("NoSuchEntityException", $"Policy {arn} was not found."), (gone.Type, gone.Message));
    }

    [Fact]
    public async Task AwsManagedPolicy_CanBeReadButNotChanged()
    {
        var policy = (await server.RunAwsAsync(server.Root, "iam", "get-policy", "--policy-arn", PowerUser)).Ok()["Policy"]!;
        var version = (await server.Boto3Async(server.Root, "iam", "GetPolicyVersion",
            new { PolicyArn = PowerUser, VersionId = (string)policy["DefaultVersionId"] })).Ok()["PolicyVersion"]!;
        var newVersion = (await server.Boto3Async(server.Root, "iam", "CreatePolicyVersion", new { PolicyArn = PowerUser, PolicyDocument = PolicySteps.Document() })).Failed();
        var delete = (await server.Boto3Async(server.Root, "iam", "DeletePolicy", new { PolicyArn = PowerUser })).Failed();

        Assert.Equal("AWSCodeCommitPowerUser", (string)policy["PolicyName"]);
        Assert.Equal("/", (string)policy["Path"]);
        Assert.Matches("^ANPA[A-Z0-9]{17}$", (string)policy["PolicyId"]);
        Assert.IsType<JsonArray>(version["Document"]!["Statement"]);
        Assert.Contains("codecommit:", version["Document"]!.ToJsonString());
        Assert.Equal(("AccessDenied", 403), (newVersion.Code, newVersion.Status));
        Assert.Equal(("AccessDenied", 403), (delete.Code, delete.Status));
        Assert.Contains($"is not authorized to perform: iam:DeletePolicy on resource: {PowerUser}", delete.Message);
    }

    [Fact]
    public async Task GetPolicy_BadOrUnknownArn_RaisesInvalidInputOrNoSuchEntity()
    {
        var unknown = $"arn:aws:iam::{server.AccountId}:policy/{GitsteadServer.UniqueName("Nope")}";

        var invalid = (await server.Boto3Async(server.Root, "iam", "GetPolicy", new { PolicyArn = "not-an-arn-at-all-really" })).Failed();
        var missing = (await server.Boto3Async(server.Root, "iam", "GetPolicy", new { PolicyArn = unknown })).Failed();
        var missingAws = (await server.Boto3Async(server.Root, "iam", "GetPolicy", new { PolicyArn = "arn:aws:iam::aws:policy/NoSuchManagedPolicy" })).Failed();

        Assert.Equal(("InvalidInputException", "ARN not-an-arn-at-all-really is not valid."), (invalid.Type, invalid.Message));
        Assert.Equal(("NoSuchEntityException", 404), (missing.Type, missing.Status));
        Assert.Equal("NoSuchEntityException", missingAws.Type);
    }

    [Fact]
    public async Task ListPolicies_ScopesAndMaxItems_CoverAwsAndLocalPoliciesOnce()
    {
        var mine = GitsteadServer.UniqueName("Listed");
        await server.CreatePolicyAsync(mine);

        var aws = (await server.Boto3Async(server.Root, "iam", "ListPolicies", new { Scope = "AWS" })).Ok()["Policies"]!.AsArray();
        var local = (await server.Boto3Async(server.Root, "iam", "ListPolicies", new { Scope = "Local" })).Ok()["Policies"]!.AsArray();
        var paged = new List<string>();
        string marker = null;
        do
        {
            var page = (await server.Boto3Async(server.Root, "iam", "ListPolicies",
                marker is null ? new JsonObject { ["MaxItems"] = 3 } : new JsonObject { ["MaxItems"] = 3, ["Marker"] = marker })).Ok();
            Assert.True(page["Policies"]!.AsArray().Count <= 3);
            paged.AddRange(page["Policies"]!.AsArray().Select(p => (string)p!["Arn"]));
            marker = (bool)page["IsTruncated"]! ? (string)page["Marker"] : null;
        }
        while (marker is not null);

        Assert.Contains(aws, p => (string)p!["Arn"] == "arn:aws:iam::aws:policy/AWSCodeCommitReadOnly");
        Assert.All(aws, p => Assert.StartsWith("arn:aws:iam::aws:policy/", (string)p!["Arn"]));
        Assert.Contains(local, p => (string)p!["PolicyName"] == mine);
        Assert.All(local, p => Assert.StartsWith($"arn:aws:iam::{server.AccountId}:policy/", (string)p!["Arn"]));
        Assert.Equal(aws.Count + local.Count, paged.Count);
        Assert.Equal(paged.Count, paged.Distinct().Count());
    }

    [Fact]
    public async Task ListPolicies_OnlyAttached_CountsAttachmentsInTheAccount()
    {
        var arn = await server.CreatePolicyAsync(GitsteadServer.UniqueName("InUse"));
        var unused = await server.CreatePolicyAsync(GitsteadServer.UniqueName("Unused"));
        var group = GitsteadServer.UniqueName("users");
        await server.CreateGroupAsync(group);
        (await server.Boto3Async(server.Root, "iam", "AttachGroupPolicy", new { GroupName = group, PolicyArn = arn })).Ok();

        var attached = (await server.RunAwsAsync(server.Root, "iam", "list-policies", "--scope", "Local", "--only-attached")).Ok()["Policies"]!.AsArray();

        Assert.Equal(1, (int)attached.Single(p => (string)p!["Arn"] == arn)!["AttachmentCount"]!);
        Assert.DoesNotContain(attached, p => (string)p!["Arn"] == unused);
    }

    [Fact]
    public async Task ListEntitiesForPolicy_ReturnsGroupsUsersAndAnEmptyRoleList()
    {
        var arn = await server.CreatePolicyAsync(GitsteadServer.UniqueName("Shared"));
        var group = GitsteadServer.UniqueName("readers");
        var user = GitsteadServer.UniqueName("reader");
        await server.CreateGroupAsync(group);
        await server.CreateUserAsync(user);
        (await server.Boto3Async(server.Root, "iam", "AttachGroupPolicy", new { GroupName = group, PolicyArn = arn })).Ok();
        (await server.Boto3Async(server.Root, "iam", "AttachUserPolicy", new { UserName = user, PolicyArn = arn })).Ok();

        var all = (await server.Boto3Async(server.Root, "iam", "ListEntitiesForPolicy", new { PolicyArn = arn })).Ok();
        var users = (await server.RunAwsAsync(server.Root, "iam", "list-entities-for-policy", "--policy-arn", arn, "--entity-filter", "User")).Ok();

        Assert.Equal(group, (string)all["PolicyGroups"]!.AsArray().Single()!["GroupName"]);
        Assert.Equal(user, (string)all["PolicyUsers"]!.AsArray().Single()!["UserName"]);
        Assert.Empty(all["PolicyRoles"]!.AsArray());
        Assert.Empty(users["PolicyGroups"]!.AsArray());
        Assert.Single(users["PolicyUsers"]!.AsArray());
        Assert.Empty(users["PolicyRoles"]!.AsArray());
    }
}

public sealed class ManagedPolicyOnSqlite(SqliteServer server) : ManagedPolicyTests<SqliteServer>(server);

public sealed class ManagedPolicyOnPostgres(PostgresServer server) : ManagedPolicyTests<PostgresServer>(server);
