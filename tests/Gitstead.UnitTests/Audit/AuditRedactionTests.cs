using System.Text.Json;
using Gitstead.Aws;
using Xunit;

namespace Gitstead.UnitTests.Audit;

public sealed class AuditRedactionTests
{
    [Theory]
    [InlineData("Password", true)]
    [InlineData("NewPassword", true)]
    [InlineData("SecretAccessKey", true)]
    [InlineData("SECRETACCESSKEY", true)]
    [InlineData("privateKey", true)]
    [InlineData("Private.Key", true)]
    [InlineData("Plaintext", true)]
    [InlineData("CiphertextBlob", true)]
    [InlineData("fileContent", true)]
    [InlineData("Tags.member.1.Content", true)]
    [InlineData("Private\u212Aey", true)] // the Kelvin sign lowers to k: "privatekey"
    [InlineData("UserName", false)]
    [InlineData("repositoryName", false)]
    [InlineData("Tags.member.1.Key", false)]
    [InlineData("", false)]
    public void IsSecret_MatchesSecretPartsInAnyCase(string member, bool secret)
    {
        // Act
        var actual = AuditRedaction.IsSecret(member);

        // Assert
        Assert.Equal(secret, actual);
    }

    [Fact]
    public void FromForm_LeavesOutActionVersionAndSignature_CamelCasesAndHidesSecrets()
    {
        // Arrange
        KeyValuePair<string, string>[] form =
        [
            new("Action", "CreateLoginProfile"), new("Version", "2010-05-08"), new("X-Amz-Signature", "abc"),
            new("UserName", "dev"), new("Password", "hunter2"), new("path", "/a/"),
        ];

        // Act
        var json = AuditRedaction.FromForm(form);

        // Assert
        Assert.NotNull(json);
        Assert.Equal("""{"userName":"dev","password":"HIDDEN_DUE_TO_SECURITY_REASONS","path":"/a/"}""", json.ToJsonString());
    }

    [Fact]
    public void FromForm_WithOnlyActionAndVersion_IsNull()
    {
        // Act
        var json = AuditRedaction.FromForm([new("Action", "GetCallerIdentity"), new("Version", "2011-06-15")]);

        // Assert
        Assert.Null(json);
    }

    [Fact]
    public void FromJson_CamelCasesNestedMembers_HidesSecrets_AndCutsLongValues()
    {
        // Arrange
        using var body = JsonDocument.Parse(
            $$"""{"RepositoryName":"web","FileContent":"c2VjcmV0","Tags":{"Team":"x"},"Items":[{"Password":"p"}],"Long":"{{new string('a', 2000)}}","Count":3}""");

        // Act
        var json = AuditRedaction.FromJson(body.RootElement);

        // Assert
        Assert.NotNull(json);
        Assert.Equal("web", (string?)json["repositoryName"]);
        Assert.Equal(AuditRedaction.Hidden, (string?)json["fileContent"]);
        Assert.Equal("x", (string?)json["tags"]!["team"]);
        Assert.Equal(AuditRedaction.Hidden, (string?)json["items"]![0]!["password"]);
        Assert.Equal(1025, ((string?)json["long"])!.Length);
        Assert.Equal(3, (int)json["count"]!);
    }
}
