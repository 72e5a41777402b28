using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gitstead.IntegrationTests.Support;

/// <summary>The real clients: aws CLI, boto3, and raw (optionally botocore-signed) HTTP.</summary>
public abstract partial class GitsteadServer
{
    private static readonly bool s_awsCliAsProcess = Environment.GetEnvironmentVariable("GITSTEAD_TEST_AWS_CLI") == "process";

    private bool _awsCliUnavailable;

    /// <summary>
    /// Runs <c>aws ARGS --endpoint-url ENDPOINT --output json</c> with only these credentials,
    /// the server's CA bundle, and no config or credentials files. Each call is a fresh process
    /// running the CLI's own main(), forked from a process that has already imported it
    /// (clients/aws_cli.py); GITSTEAD_TEST_AWS_CLI=process runs the <c>aws</c> executable instead.
    /// </summary>
    public async Task<AwsCliResult> RunAwsAsync(Credentials creds, params string[] args)
    {
        string[] argv = [.. args, "--endpoint-url", Endpoint.ToString(), "--output", "json"];
        var environment = AwsEnvironment(creds);
        var result = s_awsCliAsProcess || _awsCliUnavailable
            ? await ProcessRunner.RunAsync("aws", argv, environment)
            : await RunForkedAwsAsync(argv, environment);
        return new AwsCliResult(result.ExitCode, result.Stdout, result.Stderr) { ServerLogTail = Log.Tail() };
    }

    /// <summary>Runs the <c>aws</c> executable found on PATH, as a user's shell would.</summary>
    public async Task<AwsCliResult> RunAwsExecutableAsync(Credentials creds, params string[] args)
    {
        var result = await ProcessRunner.RunAsync("aws", [.. args, "--endpoint-url", Endpoint.ToString(), "--output", "json"], AwsEnvironment(creds));
        return new AwsCliResult(result.ExitCode, result.Stdout, result.Stderr) { ServerLogTail = Log.Tail() };
    }

    private async Task<ProcessResult> RunForkedAwsAsync(string[] argv, Dictionary<string, string> environment)
    {
        var request = new JsonObject
        {
            ["args"] = new JsonArray([.. argv.Select(a => JsonValue.Create(a))]),
            ["env"] = JsonSerializer.SerializeToNode(environment),
        };
        var answer = JsonNode.Parse(await s_awsCli.CallAsync(request.ToJsonString()))!;
        if (answer["unavailable"] is not null)
        {
            _awsCliUnavailable = true;
            return await ProcessRunner.RunAsync("aws", argv, environment);
        }

        return new ProcessResult((int)answer["exit"]!, (string)answer["stdout"], (string)answer["stderr"]);
    }

    private Dictionary<string, string> AwsEnvironment(Credentials creds)
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

        return environment;
    }

    /// <summary>
    /// Calls <paramref name="operation"/> (CreateUser or create_user) on a boto3 client for
    /// <paramref name="service"/> in <paramref name="region"/> (the default region when null);
    /// <paramref name="parameters"/> is serialised with its member names as given.
    /// </summary>
    public async Task<BotoResult> Boto3Async(Credentials creds, string service, string operation, object parameters = null, string region = null)
    {
        var request = new JsonObject
        {
            ["mode"] = "call",
            ["endpoint"] = Endpoint.ToString(),
            ["region"] = region ?? Region,
            ["ca_bundle"] = CaBundlePath,
            ["credentials"] = CredentialsJson(creds),
            ["service"] = service,
            ["operation"] = operation,
            ["params"] = parameters is null ? new JsonObject() : JsonSerializer.SerializeToNode(parameters),
        };
        return BotoResult.Parse(await s_boto.CallAsync(request.ToJsonString())) with { ServerLogTail = Log.Tail() };
    }

    /// <summary>
    /// Makes the same boto3 call once per parameter set, all at once (one thread and client each,
    /// released together), to race them on the server; the answers in the order given. Calls are
    /// not retried unless <paramref name="retries"/> (botocore's <c>Config(retries=...)</c>) says so.
    /// </summary>
    public Task<IReadOnlyList<BotoResult>> Boto3ParallelAsync(
        Credentials creds, string service, string operation, IEnumerable<object> parameters, JsonObject retries = null) =>
        Boto3ParallelAsync(parameters.Select(p => (creds, service, operation, p)), retries);

    /// <summary>Any calls at once, each with its own credentials, service and operation (see the overload above).</summary>
    public async Task<IReadOnlyList<BotoResult>> Boto3ParallelAsync(
        IEnumerable<(Credentials Creds, string Service, string Operation, object Parameters)> parallel, JsonObject retries = null)
    {
        var calls = new JsonArray();
        foreach (var (creds, service, operation, p) in parallel)
        {
            calls.Add(new JsonObject
            {
                ["mode"] = "call",
                ["endpoint"] = Endpoint.ToString(),
                ["region"] = Region,
                ["ca_bundle"] = CaBundlePath,
                ["credentials"] = CredentialsJson(creds),
                ["service"] = service,
                ["operation"] = operation,
                ["params"] = JsonSerializer.SerializeToNode(p),
                ["retries"] = retries?.DeepClone(),
            });
        }

        var answer = JsonNode.Parse(await s_boto.CallAsync(new JsonObject { ["mode"] = "parallel", ["calls"] = calls }.ToJsonString()))!;
        if (answer["results"] is not JsonArray results)
        {
            throw new InvalidOperationException("the parallel boto3 call failed: " + answer.ToJsonString());
        }

        return [.. results.Select(r => BotoResult.Parse(r!.ToJsonString()) with { ServerLogTail = Log.Tail() })];
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
        var answer = BotoResult.Parse(await s_boto.CallAsync(request.ToJsonString()));
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
