using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using Amazon.SecurityToken;
using Gitstead.Bench;

// Server time of the console's main pages in a large account. Seeds USERS IAM users and REPOS
// repositories through the API (skipped for what exists already), signs in as the root, then
// requests each page one after the other and reads the server's own figure from its
// Server-Timing header (the time until the rendered page started to go out), beside the
// client's round trip. Prints a Markdown table; nothing asserts a time.
//
//   gitstead-consoleload --endpoint https://localhost:8443 --credentials DATA/initial-credentials.json \
//     --ca DATA/tls/ca.pem [--users 1000] [--repos 1000] [--requests 200] [--warmup 30] [--region us-east-1]
var options = ConsoleLoadOptions.Parse(args);
var initial = JsonDocument.Parse(await File.ReadAllTextAsync(options.CredentialsFile)).RootElement;
var endpoint = new Uri(options.Endpoint);
using var handler = new SocketsHttpHandler
{
    SslOptions = BenchTls.TrustOptions(options.CaFile),
    CookieContainer = new CookieContainer(),
    AllowAutoRedirect = false,
    MaxConnectionsPerServer = 8,
};
using var http = new HttpClient(handler) { BaseAddress = endpoint, Timeout = TimeSpan.FromMinutes(2) };

await SeedAsync("iam-create-user", "bench-user-", options.Users);
await SeedAsync("codecommit-create-repository", "bench-repo-", options.Repositories);
await SignInAsync(initial.GetProperty("rootEmail").GetString()!, initial.GetProperty("rootPassword").GetString()!);

var middle = $"{options.Users / 2:D4}";
var repository = $"bench-repo-{options.Repositories / 2:D4}";
string[] pages = options.Pages.Length > 0 ? options.Pages :
[
    "/console",
    "/console/iam",
    "/console/iam/users",
    $"/console/iam/users/bench-user-{middle}",
    $"/console/iam/users/bench-user-{middle}?tab=security_credentials",
    "/console/iam/security-credentials",
    "/console/iam/policies",
    "/console/iam/policies/details?arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FAWSCodeCommitPowerUser",
    $"/console/codecommit/repositories?region={options.Region}",
    $"/console/codecommit/repositories?region={options.Region}&q=bench-repo-{middle[..3]}",
    $"/console/codecommit/repositories/{repository}/browse?region={options.Region}",
    $"/console/codecommit/repositories/{repository}/settings?region={options.Region}",
];

Console.WriteLine($"Console pages, {options.Users} users and {options.Repositories} repositories in the account; {options.Requests} requests each after {options.Warmup} unmeasured.");
Console.WriteLine();
Console.WriteLine("| page | status | server p50 ms | server p99 ms | round trip p50 ms | round trip p99 ms | bytes |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
var failures = 0;
foreach (var page in pages)
{
    var server = new List<double>();
    var roundTrip = new List<double>();
    var status = 0;
    long bytes = 0;
    for (var i = 0; i < options.Warmup + options.Requests; i++)
    {
        var start = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(page);
        var body = await response.Content.ReadAsByteArrayAsync();
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        (status, bytes) = ((int)response.StatusCode, body.Length);
        if (i >= options.Warmup)
        {
            roundTrip.Add(elapsed);
            server.Add(ServerTime(response) ?? double.NaN);
        }
    }

    failures += status == 200 ? 0 : 1;
    Console.WriteLine(FormattableString.Invariant(
        $"| `{page}` | {status} | {Percentile(server, 0.5):0.0} | {Percentile(server, 0.99):0.0} | {Percentile(roundTrip, 0.5):0.0} | {Percentile(roundTrip, 0.99):0.0} | {bytes} |"));
}

return failures == 0 ? 0 : 1;

async Task SeedAsync(string call, string prefix, int count)
{
    var credentials = new ImmutableCredentials(initial.GetProperty("accessKeyId").GetString(), initial.GetProperty("secretAccessKey").GetString(), null);
    var config = new AmazonSecurityTokenServiceConfig { ServiceURL = options.Endpoint, AuthenticationRegion = options.Region };
    var created = 0;
    var clock = Stopwatch.StartNew();
    await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
    {
        using var request = ApiCall.Parse($"{call}:{prefix}{i:D4}").Sign(new AWS4Signer(), config, credentials, endpoint);
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref created);
        }
        else if (!body.Contains("Exists", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{call} {i}: {(int)response.StatusCode} {body}");
        }
    });
    Console.Error.WriteLine($"{call}: {created} created, {count - created} already there, {clock.Elapsed.TotalSeconds:0.0} s");
}

async Task SignInAsync(string email, string password)
{
    var form = await http.GetStringAsync("/console/sign-in?as=root");
    var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
    using var response = await http.PostAsync("/console/sign-in?as=root", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["Email"] = email,
        ["Password"] = password,
        ["__RequestVerificationToken"] = token,
    }));
    if (response.StatusCode != HttpStatusCode.Redirect)
    {
        throw new InvalidOperationException($"sign-in answered {(int)response.StatusCode}");
    }
}

static double? ServerTime(HttpResponseMessage response) =>
    response.Headers.TryGetValues("Server-Timing", out var values)
    && Regex.Match(string.Join(',', values), @"app;dur=([0-9.]+)") is { Success: true } match
        ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
        : null;

static double Percentile(List<double> values, double p)
{
    var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
    return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

internal sealed record ConsoleLoadOptions(
    string Endpoint, string CredentialsFile, string? CaFile, string Region, int Users, int Repositories, int Requests, int Warmup, string[] Pages)
{
    public static ConsoleLoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        string Required(string name) => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");
        int Number(string name, int fallback) => values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
        return new ConsoleLoadOptions(
            Required("endpoint"),
            Required("credentials"),
            values.GetValueOrDefault("ca"),
            values.GetValueOrDefault("region", "us-east-1"),
            Number("users", 1000),
            Number("repos", 1000),
            Number("requests", 200),
            Number("warmup", 30),
            values.TryGetValue("pages", out var pages) ? pages.Split(',', StringSplitOptions.RemoveEmptyEntries) : []);
    }
}
