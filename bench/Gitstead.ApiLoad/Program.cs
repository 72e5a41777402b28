using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using Amazon.SecurityToken;
using Gitstead.Bench;

// Closed-loop API load: N clients, each sending one SigV4-signed request after the other over
// its own keep-alive connection, every request signed afresh by the AWS SDK for .NET's signer.
// Prints one JSON line: requests per second, p50 and p99 latency, errors.
//
//   gitstead-apiload --endpoint https://localhost:8443 --access-key AKIA... --secret ... \
//     --call sts|iam-get-user:NAME|codecommit-get-repository:NAME|codecommit-list-repositories|
//            codecommit-update-repository-description:NAME \
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
    SslOptions = BenchTls.TrustOptions(options.CaFile),
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
