using System.Text.Json.Nodes;

namespace Gitstead.IntegrationTests.Support;

/// <summary>
/// A boto3 call's outcome: the response (without ResponseMetadata) or the raised exception.
/// </summary>
public sealed record BotoResult(JsonNode Response, int? Status, BotoError Error, string Raw)
{
    public bool Succeeded => Error is null;

    /// <summary>The end of the server log when the call finished, shown when a test fails.</summary>
    public string ServerLogTail { get; init; } = "";

    /// <summary>The response; fails the test with the error when the call raised.</summary>
    public JsonNode Ok() => Succeeded
        ? Response ?? new JsonObject()
        : throw new InvalidOperationException($"boto3 call failed: {Raw}\n--- server log ---\n{ServerLogTail}");

    /// <summary>The error; fails the test with the response when the call succeeded.</summary>
    public BotoError Failed() => Error ?? throw new InvalidOperationException($"boto3 call succeeded but was expected to fail: {Raw}\n--- server log ---\n{ServerLogTail}");

    public override string ToString() => Raw;

    internal static BotoResult Parse(string line)
    {
        var node = JsonNode.Parse(line)!.AsObject();
        if ((bool)node["ok"]!)
        {
            return new BotoResult(node["response"], (int?)node["status"], null, line);
        }

        var error = node["error"]!;
        return new BotoResult(null, (int?)error["status"], new BotoError(
            (string)error["type"], (string)error["code"], (string)error["message"], (int?)error["status"], error["response"]), line);
    }
}

/// <summary>
/// A raised botocore exception: <see cref="Type"/> is its class name (NoSuchEntityException,
/// ClientError, …), <see cref="Code"/> the AWS error code.
/// </summary>
public sealed record BotoError(string Type, string Code, string Message, int? Status, JsonNode Response);

/// <summary>A raw HTTP exchange made by the Python driver (optionally SigV4-signed by botocore).</summary>
public sealed record RawHttpResult(int Status, JsonObject Headers, string Body)
{
    public string ServerLogTail { get; init; } = "";

    public override string ToString() => $"HTTP {Status}\n{Body}\n--- server log ---\n{ServerLogTail}";
}

/// <summary>How the driver signs a raw request; <see cref="Timestamp"/> overrides the clock (yyyyMMddTHHmmssZ).</summary>
public sealed record RawSigning(Credentials Credentials, string Service, string Region = "us-east-1", DateTime? Timestamp = null);
