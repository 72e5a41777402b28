using System.Text.Json.Nodes;
using Gitstead.ConsoleTests.Iam;
using Gitstead.ConsoleTests.Support;
using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Gitstead.ConsoleTests.Kms;

/// <summary>
/// The KMS pages: a key created, disabled, enabled, scheduled for deletion and back, its policy
/// edited, rotated and tagged in the console, each change seen through boto3; the AWS managed key
/// of CodeCommit shown read only; and a user without KMS permissions refused in AWS's words.
/// </summary>
public sealed class KmsKeyPagesTests(SqliteServer server, Chromium chromium) : IClassFixture<SqliteServer>, IClassFixture<Chromium>
{
    [Fact]
    public async Task CreateKeyWithAlias_DisableEnable_ScheduleAndCancelDeletion_SeenThroughBoto3()
    {
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);
        var alias = "alias/" + GitsteadServer.UniqueName("console-key");

        await page.GotoKmsAsync("keys");
        await page.GetByRole(AriaRole.Link, new() { Name = "Create key" }).ClickAsync();
        await page.WaitForUrlContainingAsync("/console/kms/keys/create");
        await page.GetByLabel("Alias").FillAsync(alias["alias/".Length..]);
        await page.GetByLabel("Description").FillAsync("Made in the console");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await page.WaitForUrlLeavingAsync("/create");
        Assert.Contains($"with the alias {alias}", await page.Locator(".alert.success").InnerTextAsync());
        var described = await DescribeAsync(alias);
        var keyId = (string)described["KeyId"];
        Assert.Equal("Made in the console", (string)described["Description"]);
        Assert.Equal("CUSTOMER", (string)described["KeyManager"]);
        var listed = (await server.Boto3Async(server.Root, "kms", "ListAliases", new { KeyId = keyId })).Ok()["Aliases"]!.AsArray();
        Assert.Equal(alias, (string)Assert.Single(listed)!["AliasName"]);
        Assert.Equal((string)described["Arn"], await page.Locator("#key-arn").InnerTextAsync());
        await Chromium.ScreenshotAsync(page, "kms-key");

        await page.GotoKmsAsync("keys");
        var row = page.Locator("#keys tbody tr", new() { HasText = keyId });
        Assert.Contains(alias["alias/".Length..], await row.InnerTextAsync());
        Assert.Contains("Enabled", await row.InnerTextAsync());
        await Chromium.ScreenshotAsync(page, "kms-customer-managed-keys");

        // Disable (after the dialog), then enable.
        await row.GetByRole(AriaRole.Link, new() { Name = keyId }).ClickAsync();
        await page.WaitForUrlContainingAsync($"/console/kms/keys/{keyId}");
        await page.Locator("#key-actions").GetByRole(AriaRole.Link, new() { Name = "Disable" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Disable key" }).ClickAsync();
        await Assertions.Expect(page.Locator("#key-state")).ToHaveTextAsync("Disabled");
        Assert.Equal("Disabled", (string)(await DescribeAsync(keyId))["KeyState"]);
        await page.Locator("#key-actions").GetByRole(AriaRole.Button, new() { Name = "Enable" }).ClickAsync();
        await Assertions.Expect(page.Locator("#key-state")).ToHaveTextAsync("Enabled");
        Assert.Equal("Enabled", (string)(await DescribeAsync(keyId))["KeyState"]);

        // Schedule deletion in 7 days: the button waits for "confirm".
        await page.Locator("#key-actions").GetByRole(AriaRole.Link, new() { Name = "Schedule key deletion" }).ClickAsync();
        await page.GetByLabel("Waiting period (in days)").FillAsync("7");
        var submit = page.GetByRole(AriaRole.Button, new() { Name = "Schedule deletion" });
        Assert.True(await submit.IsDisabledAsync());
        await page.GetByLabel("To confirm, type confirm in the field.").FillAsync("confirm");
        await Chromium.ScreenshotAsync(page, "kms-schedule-deletion", fullPage: false);
        await submit.ClickAsync();
        await Assertions.Expect(page.Locator("#key-state")).ToHaveTextAsync("Pending deletion");
        var pending = await DescribeAsync(keyId);
        Assert.Equal("PendingDeletion", (string)pending["KeyState"]);
        var deletion = DateTimeOffset.Parse((string)pending["DeletionDate"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(deletion, DateTimeOffset.UtcNow.AddDays(7).AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(7).AddMinutes(5));
        Assert.True(await page.Locator("#deletion-date").IsVisibleAsync());

        // Cancelled, the key comes back disabled, as AWS leaves it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel key deletion" }).ClickAsync();
        await Assertions.Expect(page.Locator("#key-state")).ToHaveTextAsync("Disabled");
        var cancelled = await DescribeAsync(keyId);
        Assert.Equal("Disabled", (string)cancelled["KeyState"]);
        Assert.Null(cancelled["DeletionDate"]);
    }

    [Fact]
    public async Task KeyPolicy_MalformedIsRefusedAndKept_RotationAliasesAndTags_SeenThroughBoto3()
    {
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);
        var keyId = (string)(await server.Boto3Async(server.Root, "kms", "CreateKey", new { Description = "policy and rotation" })).Ok()["KeyMetadata"]!["KeyId"];
        var before = await PolicyAsync(keyId);

        // A malformed policy: KMS's exception shown, the text kept, nothing changed.
        await page.GotoKmsAsync($"keys/{keyId}");
        await page.Locator("#edit-policy").ClickAsync();
        await page.WaitForUrlContainingAsync("edit=policy");
        await page.GetByLabel("Key policy (JSON)").FillAsync("""{"Version": "2012-10-17", "Statement": [""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        Assert.StartsWith("MalformedPolicyDocumentException", await page.ErrorTextAsync());
        Assert.Contains("\"Statement\": [", await page.GetByLabel("Key policy (JSON)").InputValueAsync());
        await Chromium.ScreenshotAsync(page, "kms-key-policy-refused");
        Assert.Equal(before, await PolicyAsync(keyId));

        // A policy that would lock the caller out is refused too, in AWS's words.
        await page.GetByLabel("Key policy (JSON)").FillAsync(
            $$"""{"Version":"2012-10-17","Statement":[{"Sid":"Only use","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{server.AccountId}}:root"},"Action":"kms:Encrypt","Resource":"*"}]}""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        Assert.Contains("The new key policy will not allow you to update the key policy in the future.", await page.ErrorTextAsync());
        Assert.Equal(before, await PolicyAsync(keyId));

        // A valid one is saved.
        var edited = before.Replace("Enable IAM User Permissions", "Account may manage and use the key", StringComparison.Ordinal);
        Assert.NotEqual(before, edited);
        await page.GetByLabel("Key policy (JSON)").FillAsync(edited);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await page.WaitForUrlLeavingAsync("edit=policy");
        Assert.Contains("Account may manage and use the key", await PolicyAsync(keyId));
        Assert.Contains("Account may manage and use the key", await page.Locator("#policy-json").InnerTextAsync());

        // Rotation every 180 days, then a rotation now.
        await page.Locator(".tabs").GetByRole(AriaRole.Link, new() { Name = "Key rotation" }).ClickAsync();
        await page.WaitForUrlContainingAsync("tab=rotation");
        await page.GetByLabel("Automatically rotate this KMS key").CheckAsync();
        await page.GetByLabel("Rotation period (in days)").FillAsync("180");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".alert.success")).ToContainTextAsync("Automatic rotation is enabled.");
        var status = (await server.Boto3Async(server.Root, "kms", "GetKeyRotationStatus", new { KeyId = keyId })).Ok();
        Assert.True((bool)status["KeyRotationEnabled"]!);
        Assert.Equal(180, (int)status["RotationPeriodInDays"]!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate now" }).ClickAsync();
        await Assertions.Expect(page.Locator("#rotations tbody tr")).ToContainTextAsync("On demand");
        var rotations = (await server.Boto3Async(server.Root, "kms", "ListKeyRotations", new { KeyId = keyId })).Ok()["Rotations"]!.AsArray();
        Assert.Equal("ON_DEMAND", (string)Assert.Single(rotations)!["RotationType"]);
        await Chromium.ScreenshotAsync(page, "kms-key-rotation");

        // An alias added and deleted.
        var alias = "alias/" + GitsteadServer.UniqueName("added");
        await page.Locator(".tabs").GetByRole(AriaRole.Link, new() { Name = "Aliases" }).ClickAsync();
        await page.WaitForUrlContainingAsync("tab=aliases");
        await page.GetByLabel("Alias name").FillAsync(alias);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add alias" }).ClickAsync();
        await Assertions.Expect(page.Locator("#aliases tbody")).ToContainTextAsync(alias);
        Assert.Equal(keyId, (string)(await DescribeAsync(alias))["KeyId"]);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Delete alias {alias}" }).ClickAsync();
        await Assertions.Expect(page.Locator("#aliases tbody")).ToContainTextAsync("No aliases");
        Assert.Empty((await server.Boto3Async(server.Root, "kms", "ListAliases", new { KeyId = keyId })).Ok()["Aliases"]!.AsArray());

        // A tag added and removed.
        await page.Locator(".tabs").GetByRole(AriaRole.Link, new() { Name = "Tags" }).ClickAsync();
        await page.WaitForUrlContainingAsync("tab=tags");
        await page.GetByLabel("Tag key").FillAsync("team");
        await page.GetByLabel("Tag value").FillAsync("platform");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add tag" }).ClickAsync();
        await Assertions.Expect(page.Locator("#tags tbody")).ToContainTextAsync("platform");
        var tags = (await server.Boto3Async(server.Root, "kms", "ListResourceTags", new { KeyId = keyId })).Ok()["Tags"]!.AsArray();
        Assert.Equal("platform", (string)Assert.Single(tags)!["TagValue"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove tag team" }).ClickAsync();
        await Assertions.Expect(page.Locator("#tags tbody")).ToContainTextAsync("No tags");
    }

    [Fact]
    public async Task AwsManagedKey_AppearsOnceARepositoryMadeIt_ReadOnly_LinkedFromSettings()
    {
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsRootAsync(server);
        var name = GitsteadServer.UniqueName("managed");
        (await server.Boto3Async(server.Root, "codecommit", "CreateRepository", new { repositoryName = name })).Ok();
        var keyId = (string)(await DescribeAsync("alias/aws/codecommit"))["KeyId"];

        await page.GotoKmsAsync("aws-managed-keys");
        var row = page.Locator("#keys tbody tr", new() { HasText = "aws/codecommit" });
        Assert.Contains(keyId, await row.InnerTextAsync());
        Assert.Equal(0, await page.Locator("#keys tbody tr", new() { HasText = "console-key" }).CountAsync());

        // The repository's settings link to the key; its page has no actions and no forms.
        await page.GotoCodeCommitAsync($"repositories/{name}/settings");
        Assert.Equal(keyId, await page.Locator("#kms-key").InnerTextAsync());
        await page.Locator("#kms-key a").ClickAsync();
        await page.WaitForUrlContainingAsync($"/console/kms/keys/{keyId}");
        Assert.Equal("AWS managed key", await page.Locator(".page-head p").InnerTextAsync());
        Assert.Contains("\"Version\"", await page.Locator("#policy-json").InnerTextAsync());
        Assert.Equal(0, await page.Locator("#key-actions").CountAsync());
        Assert.Equal(0, await page.Locator("#edit-policy").CountAsync());
        Assert.Equal(0, await page.Locator("main form").CountAsync());
        await Chromium.ScreenshotAsync(page, "kms-aws-managed-key");
    }

    [Fact]
    public async Task UserWithoutKmsPermissions_SeesAwsRefusalOnTheKeysList()
    {
        var (userName, password) = await server.NewConsoleUserAsync("nokms", IamSteps.PowerUser);
        var page = await chromium.NewPageAsync(server);
        await page.SignInAsUserAsync(server, userName, password);
        await page.WaitForUrlLeavingAsync("/sign-in");

        await page.GotoKmsAsync("keys");

        Assert.StartsWith(
            $"User: arn:aws:iam::{server.AccountId}:user/{userName} is not authorized to perform: kms:ListKeys on resource: *",
            await page.ErrorTextAsync());
        Assert.Equal(0, await page.Locator("#keys tbody tr td a").CountAsync());
    }

    private async Task<JsonNode> DescribeAsync(string keyId) =>
        (await server.Boto3Async(server.Root, "kms", "DescribeKey", new { KeyId = keyId })).Ok()["KeyMetadata"]!;

    private async Task<string> PolicyAsync(string keyId) =>
        (string)(await server.Boto3Async(server.Root, "kms", "GetKeyPolicy", new { KeyId = keyId, PolicyName = "default" })).Ok()["Policy"]!;
}
