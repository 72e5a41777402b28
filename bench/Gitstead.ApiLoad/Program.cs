using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.SecurityToken;

// Closed-loop API load: N clients, each sending one SigV4-signed request after the other over
// its own keep-alive connection, every request signed afresh by the AWS SDK for .NET's signer.
// Prints one JSON line: requests per second, p50 and p99 latency, errors.
//
//   gitstead-apiload --endpoint https://localhost:8443 --access-key AKIA... --secret ... \
//     --call sts|iam-get-user:NAME|codecommit-get-repository:NAME|codecommit-list-repositories \
//     [--clients 16] [--duration 10] [--warmup 2] [--region us-east-1] [--ca ca.pem]
var options = Options.Parse(args);
var call = ApiCall.Parse(options.Call);
var credentials = new ImmutableCredentials(options.AccessKey, options.Secret, null);
var config = new AmazonSecurityTokenServiceConfig { ServiceURL = options.Endpoint, AuthenticationRegion = options.Region };
var endpoint = new Uri(options.Endpoint);

using var handler = new SocketsHttpHandler
{
    MaxConnectionsPerServer = options.Clients,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    SslOptions = TrustOptions(options.CaFile),
};
using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };

var firstError = (string?)null;
var errors = 0L;
var warmupEnd = Stopwatch.GetTimestamp() + (long)(options.Warmup * Stopwatch.Frequency);
var end = warmupEnd + (long)(options.Duration * Stopwatch.Frequency);
var latencies = new List<long>[options.Clients];
var workers = Enumerable.Range(0, options.Clients).Select(i => Task.Run(async () =>
{
    var mine = latencies[i] = new List<long>(100_000);
    var signer = new AWS4Signer();
    while (true)
    {
        var start = Stopwatch.GetTimestamp();
        if (start >= end)
        {
            return;
        }

        using var request = call.Sign(signer, config, credentials, endpoint);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        var stop = Stopwatch.GetTimestamp();
        if (!response.IsSuccessStatusCode)
        {
            if (Interlocked.Increment(ref errors) == 1)
            {
                firstError = $"{(int)response.StatusCode} {Encoding.UTF8.GetString(body)}";
            }
        }

        if (start >= warmupEnd)
        {
            mine.Add(stop - start);
        }
    }
})).ToArray();
await Task.WhenAll(workers);

var all = latencies.SelectMany(l => l).Order().ToArray();
double Ms(long ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency, 3);
double Percentile(double p) => all.Length == 0 ? double.NaN : Ms(all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)]);
if (firstError is not null)
{
    Console.Error.WriteLine($"first error: {firstError}");
}

Console.WriteLine(JsonSerializer.Serialize(new
{
    call = options.Call,
    clients = options.Clients,
    requests = all.Length,
    errors,
    rps = Math.Round(all.Length / options.Duration, 1),
    p50_ms = Percentile(0.50),
    p99_ms = Percentile(0.99),
}));
return errors == 0 ? 0 : 1;

static SslClientAuthenticationOptions TrustOptions(string? caFile)
{
    if (caFile is null)
    {
        return new SslClientAuthenticationOptions();
    }

    var roots = new X509Certificate2Collection();
    roots.ImportFromPemFile(caFile);
    return new SslClientAuthenticationOptions
    {
        RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        },
    };
}

/// <summary>One API operation as the AWS CLI sends it: the protocol's content type and body, signed for its service.</summary>
internal sealed record ApiCall(string SigningService, string ContentType, string? Target, byte[] Body)
{
    public static ApiCall Parse(string spec)
    {
        var (name, argument) = spec.IndexOf(':') is var colon and >= 0 ? (spec[..colon], spec[(colon + 1)..]) : (spec, "");
        const string Form = "application/x-www-form-urlencoded; charset=utf-8";
        const string Json = "application/x-amz-json-1.1";
        return name switch
        {
            "sts" => new("sts", Form, null, Encoding.UTF8.GetBytes("Action=GetCallerIdentity&Version=2011-06-15")),
            "iam-get-user" => new("iam", Form, null, Encoding.UTF8.GetBytes($"Action=GetUser&UserName={Uri.EscapeDataString(argument)}&Version=2010-05-08")),
            "codecommit-get-repository" => new("codecommit", Json, "CodeCommit_20150413.GetRepository", JsonSerializer.SerializeToUtf8Bytes(new { repositoryName = argument })),
            "codecommit-list-repositories" => new("codecommit", Json, "CodeCommit_20150413.ListRepositories", "{}"u8.ToArray()),
            _ => throw new ArgumentException($"unknown call {spec}"),
        };
    }

    public HttpRequestMessage Sign(AWS4Signer signer, IClientConfig config, ImmutableCredentials credentials, Uri endpoint)
    {
        var request = new DefaultRequest(new Operation(), SigningService)
        {
            HttpMethod = "POST",
            Endpoint = endpoint,
            ResourcePath = "/",
            Content = Body,
            OverrideSigningServiceName = SigningService,
            AuthenticationRegion = config.AuthenticationRegion,
        };
        request.Headers["Content-Type"] = ContentType;
        if (Target is not null)
        {
            request.Headers["X-Amz-Target"] = Target;
        }

        signer.Sign(request, config, null, new BasicAWSCredentials(credentials.AccessKey, credentials.SecretKey));

        var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(Body), Version = new Version(1, 1) };
        foreach (var (header, value) in request.Headers)
        {
            if (header.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                message.Content.Headers.TryAddWithoutValidation(header, value);
            }
            else if (!header.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !header.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.TryAddWithoutValidation(header, value);
            }
        }

        return message;
    }

    private sealed class Operation : AmazonWebServiceRequest;
}

internal sealed record Options(
    string Endpoint, string Region, string AccessKey, string Secret, string Call, int Clients, double Duration, double Warmup, string? CaFile)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        string Required(string name) => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");
        string Or(string name, string fallback) => values.GetValueOrDefault(name, fallback);
        return new Options(
            Required("endpoint"),
            Or("region", "us-east-1"),
            Required("access-key"),
            Required("secret"),
            Required("call"),
            int.Parse(Or("clients", "1"), CultureInfo.InvariantCulture),
            double.Parse(Or("duration", "10"), CultureInfo.InvariantCulture),
            double.Parse(Or("warmup", "2"), CultureInfo.InvariantCulture),
            values.GetValueOrDefault("ca"));
    }
}
