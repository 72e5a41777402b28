using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gitstead.IntegrationTests.Support;

/// <summary>The real clients: aws CLI, boto3, and raw (optionally botocore-signed) HTTP.</summary>
public abstract partial class GitsteadServer
{
    /// <summary>
    /// Runs <c>aws ARGS --endpoint-url ENDPOINT --output json</c> with only these credentials,
    /// the server's CA bundle, and no config or credentials files.
    /// </summary>
    public async Task<AwsCliResult> RunAwsAsync(Credentials creds, params string[] args)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = creds.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = creds.SecretAccessKey,
            ["AWS_DEFAULT_REGION"] = Region,
            ["AWS_CA_BUNDLE"] = CaBundlePath,
            ["AWS_CONFIG_FILE"] = "/nonexistent/gitstead-tests/config",
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/gitstead-tests/credentials",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            // A server error must show up as a failure, not be hidden by a retry.
            ["AWS_RETRY_MODE"] = "standard",
            ["AWS_MAX_ATTEMPTS"] = "1",
            ["AWS_PAGER"] = "",
        };
        if (creds.SessionToken is not null)
        {
            environment["AWS_SESSION_TOKEN"] = creds.SessionToken;
        }

        var result = await ProcessRunner.RunAsync("aws", [.. args, "--endpoint-url", Endpoint.ToString(), "--output", "json"], environment);
        return new AwsCliResult(result.ExitCode, result.Stdout, result.Stderr) { ServerLogTail = Log.Tail() };
    }

    /// <summary>
    /// Calls <paramref name="operation"/> (CreateUser or create_user) on a boto3 client for
    /// <paramref name="service"/>; <paramref name="parameters"/> is serialised with its member names as given.
    /// </summary>
    public async Task<BotoResult> Boto3Async(Credentials creds, string service, string operation, object parameters = null)
    {
        var request = new JsonObject
        {
            ["mode"] = "call",
            ["endpoint"] = Endpoint.ToString(),
            ["region"] = Region,
            ["ca_bundle"] = CaBundlePath,
            ["credentials"] = CredentialsJson(creds),
            ["service"] = service,
            ["operation"] = operation,
            ["params"] = parameters is null ? new JsonObject() : JsonSerializer.SerializeToNode(parameters),
        };
        return BotoResult.Parse(await _boto.CallAsync(request.ToJsonString())) with { ServerLogTail = Log.Tail() };
    }

    /// <summary>
    /// Sends one HTTP request from Python, signed by botocore's SigV4Auth when
    /// <paramref name="signing"/> is given (with its clock overridden when it has a timestamp).
    /// </summary>
    public async Task<RawHttpResult> SendRawAsync(
        string body, RawSigning signing, IReadOnlyDictionary<string, string> headers = null, string method = "POST", string path = "/")
    {
        var headerJson = new JsonObject { ["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8" };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            headerJson[name] = value;
        }

        var request = new JsonObject
        {
            ["mode"] = "raw",
            ["url"] = new Uri(Endpoint, path).ToString(),
            ["ca_bundle"] = CaBundlePath,
            ["method"] = method,
            ["headers"] = headerJson,
            ["body"] = body,
            ["sign"] = signing is null ? null : new JsonObject
            {
                ["service"] = signing.Service,
                ["region"] = signing.Region,
                ["access_key"] = signing.Credentials.AccessKeyId,
                ["secret_key"] = signing.Credentials.SecretAccessKey,
                ["token"] = signing.Credentials.SessionToken,
                ["timestamp"] = signing.Timestamp?.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture),
            },
        };
        var answer = BotoResult.Parse(await _boto.CallAsync(request.ToJsonString()));
        var node = JsonNode.Parse(answer.Raw)!;
        if (!answer.Succeeded)
        {
            throw new InvalidOperationException($"raw request failed in the driver: {answer.Raw}");
        }

        return new RawHttpResult((int)node["status"]!, node["headers"]!.AsObject(), (string)node["body"]) { ServerLogTail = Log.Tail() };
    }

    private static JsonObject CredentialsJson(Credentials creds) => new()
    {
        ["access_key"] = creds.AccessKeyId,
        ["secret_key"] = creds.SecretAccessKey,
        ["token"] = creds.SessionToken,
    };
}
