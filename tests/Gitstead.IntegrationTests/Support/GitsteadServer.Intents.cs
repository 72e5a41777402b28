using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Gitstead.IntegrationTests.Support;

/// <summary>Steps many scenarios share, done as the account root through boto3.</summary>
public abstract partial class GitsteadServer
{
    /// <summary>A name no other test uses: tests never depend on each other's data.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    /// <summary>A console password that satisfies the default password policy.</summary>
    public static string NewPassword() => $"Pw{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}-X9!";

    /// <summary>Creates an IAM user and returns the User structure.</summary>
    public async Task<JsonNode> CreateUserAsync(string userName, string path = null)
    {
        var parameters = new JsonObject { ["UserName"] = userName };
        if (path is not null)
        {
            parameters["Path"] = path;
        }

        return (await Boto3Async(Root, "iam", "CreateUser", parameters)).Ok()["User"]!;
    }

    public async Task<Credentials> CreateAccessKeyAsync(string userName)
    {
        var key = (await Boto3Async(Root, "iam", "CreateAccessKey", new { UserName = userName })).Ok()["AccessKey"]!;
        return new Credentials((string)key["AccessKeyId"], (string)key["SecretAccessKey"]);
    }

    public async Task CreateLoginProfileAsync(string userName, string password) =>
        (await Boto3Async(Root, "iam", "CreateLoginProfile", new { UserName = userName, Password = password })).Ok();

    /// <summary>HTTPS Git credentials: a service-specific credential for codecommit.amazonaws.com.</summary>
    public async Task<GitCredentials> CreateGitCredentialAsync(string userName)
    {
        var response = (await Boto3Async(Root, "iam", "CreateServiceSpecificCredential",
            new { UserName = userName, ServiceName = "codecommit.amazonaws.com" })).Ok();
        var credential = response["ServiceSpecificCredential"]!;
        return new GitCredentials(
            (string)credential["ServiceSpecificCredentialId"],
            (string)credential["ServiceUserName"],
            (string)credential["ServicePassword"]);
    }

    /// <summary>Temporary credentials from sts:GetSessionToken, called with <paramref name="creds"/>.</summary>
    public async Task<Credentials> GetSessionTokenAsync(Credentials creds, int durationSeconds = 900)
    {
        var response = (await Boto3Async(creds, "sts", "GetSessionToken", new { DurationSeconds = durationSeconds })).Ok();
        var session = response["Credentials"]!;
        return new Credentials((string)session["AccessKeyId"], (string)session["SecretAccessKey"], (string)session["SessionToken"]);
    }
}
