using System.Text.Json;
using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Support;

namespace Gitstead.IntegrationTests.Iam;

/// <summary>Steps the group and policy scenarios share, done as the account root through boto3.</summary>
internal static class PolicySteps
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// A small valid identity policy, indented (its spaces and newlines, and the <c>+</c> in the
    /// resource, must survive the URL encoding of returned documents); <paramref name="action"/>
    /// makes documents differ.
    /// </summary>
    public static string Document(string action = "codecommit:GitPull") =>
        new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new JsonArray(new JsonObject
            {
                ["Sid"] = "ReadRepos",
                ["Effect"] = "Allow",
                ["Action"] = action,
                ["Resource"] = "arn:aws:codecommit:us-east-1:*:team+repo*",
            }),
        }.ToJsonString(Indented);

    /// <summary>A valid policy with at least <paramref name="nonWhitespaceChars"/> characters that are not whitespace.</summary>
    public static string DocumentOfSize(int nonWhitespaceChars)
    {
        var actions = new List<string>();
        string text;
        do
        {
            actions.Add($"codecommit:Get{actions.Count:D6}");
            text = new JsonObject
            {
                ["Version"] = "2012-10-17",
                ["Statement"] = new JsonArray(new JsonObject
                {
                    ["Effect"] = "Allow",
                    ["Action"] = new JsonArray([.. actions.Select(a => JsonValue.Create(a))]),
                    ["Resource"] = "*",
                }),
            }.ToJsonString();
        }
        while (text.Count(c => !char.IsWhiteSpace(c)) < nonWhitespaceChars);

        return text;
    }

    public static async Task<JsonNode> CreateGroupAsync(this GitsteadServer server, string groupName, string path = null)
    {
        var parameters = new JsonObject { ["GroupName"] = groupName };
        if (path is not null)
        {
            parameters["Path"] = path;
        }

        return (await server.Boto3Async(server.Root, "iam", "CreateGroup", parameters)).Ok()["Group"]!;
    }

    public static async Task AddUserToGroupAsync(this GitsteadServer server, string groupName, string userName) =>
        (await server.Boto3Async(server.Root, "iam", "AddUserToGroup", new { GroupName = groupName, UserName = userName })).Ok();

    /// <summary>Creates a customer managed policy and returns its ARN.</summary>
    public static async Task<string> CreatePolicyAsync(this GitsteadServer server, string policyName, string document = null, string path = "/")
    {
        var response = await server.Boto3Async(server.Root, "iam", "CreatePolicy", new
        {
            PolicyName = policyName,
            Path = path,
            PolicyDocument = document ?? Document(),
        });
        return (string)response.Ok()["Policy"]!["Arn"];
    }
}
