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
// Prints one JSON line: requests per second, p50 and p99 latency, errors, and what the load
// generator itself did: every request it sent (the warm-up's too), and its own CPU per measured
// request over the measured window.
//
//   gitstead-apiload --endpoint https://localhost:8443 --access-key AKIA... --secret ... \
//     --call sts|iam-get-user:NAME|codecommit-get-repository:NAME|codecommit-list-repositories|
//            codecommit-update-repository-description:NAME \
//     [--clients 16] [--duration 10] [--warmup 2] [--region us-east-1] [--ca ca.pem]
// The load generator shares the machine's cores with the server it measures, so it should cost as
// little CPU as it can. Two runtime defaults made it cost about 130 µs per request, half as much as
// the server: idle thread-pool workers spin (sched_yield) before they sleep (turned off in the
// project file, System.Threading.ThreadPool.UnfairSemaphoreSpinLimit), and each socket completion
// is handed from the epoll thread to a pool thread. Each client's loop runs on the epoll thread
// instead (read by the runtime from the environment when the first socket is made, so set here,
// before any). Together about 70 µs per request.
Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
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
var sent = new long[options.Clients];
// The load generator's own CPU over the measured window only (its start-up and the AWS SDK's first
// use cost a second or so of CPU, which would swamp a slow server's few requests).
var measuredCpu = Task.Run(async () =>
{
    await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, (warmupEnd - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency)));
    return Process.GetCurrentProcess().TotalProcessorTime;
});
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

        sent[i]++;
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
var cpu = Process.GetCurrentProcess().TotalProcessorTime - await measuredCpu;

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
    sent = sent.Sum(),
    client_cpu_us = all.Length == 0 ? double.NaN : Math.Round(cpu.TotalMicroseconds / all.Length, 1),
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
