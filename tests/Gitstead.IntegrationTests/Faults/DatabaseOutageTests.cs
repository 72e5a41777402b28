using System.Collections.Concurrent;
using System.Diagnostics;
using Gitstead.IntegrationTests.Git;
using Xunit;

namespace Gitstead.IntegrationTests.Faults;

/// <summary>
/// PostgreSQL stopped (<c>pg_ctl stop -m fast</c>) while boto3 calls and git clones run: every
/// call fails within seconds with HTTP 503 in its client's format (botocore's
/// <c>ServiceUnavailable</c>, git's <c>remote:</c> line over HTTPS, the same words over SSH),
/// none hangs or answers 500; once PostgreSQL is started again the same server process serves
/// again by itself.
/// </summary>
public sealed partial class DatabaseOutageTests(OwnClusterPostgresServer server) : IClassFixture<OwnClusterPostgresServer>
{
    /// <summary>Far below the 15–60 s a call would hang on a driver's default timeouts: this is about not hanging, not speed.</summary>
    private static readonly TimeSpan s_failsFast = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task PostgresStoppedUnderLoad_CallsFailFastWith503_AndServiceReturnsWhenItIsBack()
    {
        using var git = new GitClient(server);
        var (repository, login, _) = await git.RepositoryWithHistoryAsync(server, "outage", commits: 2);
        var (sshUser, _) = await server.NewGitUserAsync("ssh-outage", GitSteps.PowerUser);
        var ssh = await SshLogin.CreateAsync(server, server.SshPort, git, sshUser);
        (await git.RunAsync(git.Root, ssh.Environment(), "ls-remote", ssh.UrlWithKeyId(repository.Name))).Ok();
        var outcomes = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var load = Task.WhenAll(ApiLoadAsync(repository, outcomes, stop.Token), CloneLoadAsync(git, repository, login, outcomes, stop.Token));
        await FaultSteps.WaitUntilAsync(() => outcomes.Count >= 4, TimeSpan.FromSeconds(30));
        var signInForm = await server.Http.GetStringAsync("/console/sign-in");

        await server.StopDatabaseAsync();
        var clock = Stopwatch.StartNew();
        var api = await server.Boto3Async(server.Root, "codecommit", "GetRepository", new { repositoryName = repository.Name });
        var apiTime = clock.Elapsed;
        var iam = await server.Boto3Async(server.Root, "iam", "GetUser", new { });
        var cli = await server.RunAwsAsync(server.Root, "codecommit", "get-repository", "--repository-name", repository.Name);
        clock.Restart();
        var clone = await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, git.NewPath("down")]);
        var cloneTime = clock.Elapsed;
        var sshClone = await git.RunAsync(git.Root, ssh.Environment(), "clone", "-q", ssh.UrlWithKeyId(repository.Name), git.NewPath("ssh-down"));
        using var signIn = await server.Http.PostAsync("/console/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = server.Initial.RootEmail,
            ["Password"] = server.Initial.RootPassword,
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(signInForm).Groups[1].Value,
        }));
        var signInPage = await signIn.Content.ReadAsStringAsync();
        await FaultSteps.WaitUntilAsync(() => outcomes.Count(o => o != "ok") >= 2, TimeSpan.FromSeconds(30));
        await server.StartDatabaseAsync();
        var back = await FaultSteps.WaitUntilAsync(
            () => server.Boto3Async(server.Root, "codecommit", "GetRepository", new { repositoryName = repository.Name }).GetAwaiter().GetResult().Succeeded,
            TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500));
        await stop.CancelAsync();
        await load;

        Assert.Equal(("ServiceUnavailable", 503), (api.Failed().Code, api.Failed().Status));
        Assert.True(apiTime < s_failsFast, $"the API call took {apiTime} to fail");
        Assert.Equal(("ServiceUnavailable", 503), (iam.Failed().Code, iam.Failed().Status));
        Assert.Contains("ServiceUnavailable", cli.Stderr, StringComparison.Ordinal);
        Assert.Contains("remote: ServiceUnavailable: The service is temporarily unavailable", clone.Failed(), StringComparison.Ordinal);
        Assert.Contains("503", clone.Stderr, StringComparison.Ordinal);
        Assert.True(cloneTime < s_failsFast, $"the clone took {cloneTime} to fail");
        Assert.Contains("ServiceUnavailable: The service is temporarily unavailable", sshClone.Failed(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, signIn.StatusCode);
        Assert.Contains("Service unavailable", signInPage, StringComparison.Ordinal);
        Assert.True(back, "the API did not come back after PostgreSQL did\n" + server.Log.Tail());
        var failures = outcomes.Where(o => o != "ok").ToList();
        Assert.All(failures, f => Assert.True(f is "api:ServiceUnavailable" or "git:503", f));
        (await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, git.NewPath("again")])).Ok();
        (await git.RunAsync(git.Root, ssh.Environment(), "clone", "-q", ssh.UrlWithKeyId(repository.Name), git.NewPath("ssh-again"))).Ok();
        (await server.RunAwsAsync(server.Root, "codecommit", "get-repository", "--repository-name", repository.Name)).Ok();
    }

    [System.Text.RegularExpressions.GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex AntiforgeryToken();

    private async Task ApiLoadAsync(GitRepository repository, ConcurrentQueue<string> outcomes, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var call = await server.Boto3Async(server.Root, "codecommit", "GetRepository", new { repositoryName = repository.Name });
            outcomes.Enqueue(call.Succeeded ? "ok" : $"api:{call.Error.Code ?? call.Error.Type}");
            await Task.Delay(50, CancellationToken.None);
        }
    }

    private static async Task CloneLoadAsync(GitClient git, GitRepository repository, string[] login, ConcurrentQueue<string> outcomes, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var target = git.NewPath("load");
            var clone = await git.RunAsync(git.Root, [.. login, "clone", "-q", repository.CloneUrl, target]);
            outcomes.Enqueue(clone.Succeeded ? "ok" : clone.Stderr.Contains("503", StringComparison.Ordinal) ? "git:503" : "git:" + clone.Stderr.Trim());
            try
            {
                Directory.Delete(target, recursive: true);
            }
            catch (IOException)
            {
                // a failed clone removes its own directory, maybe while this runs; what is left goes with the client's root
            }
        }
    }
}
