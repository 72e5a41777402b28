namespace Gitstead.IntegrationTests.Support;

/// <summary>A server whose event targets map to HTTPS receivers in the test process.</summary>
public interface IEventServer
{
    EventMapping Events { get; }
}

/// <summary>
/// The event targets of an <see cref="IEventServer"/>: "all" (every event), "comments" (only
/// <c>CodeCommit Comment on Pull Request</c>), and two targets whose account or region filter
/// never matches, sent to the "all" receiver so that anything they let through shows there as a
/// duplicate. The targets name the account, known after the first start, so
/// <see cref="ConfigureAsync"/> restarts once with them.
/// </summary>
public sealed class EventMapping(GitsteadServer server)
{
    private readonly Dictionary<string, string> _environment = [];

    public int AllPort { get; } = FreePorts.Next();

    public int CommentsPort { get; } = FreePorts.Next();

    public IEnumerable<KeyValuePair<string, string>> Environment => _environment;

    public async Task ConfigureAsync()
    {
        if (_environment.Count > 0)
        {
            return;
        }

        string Arn(string name) => $"arn:aws:sns:{GitsteadServer.Region}:{server.AccountId}:{name}";
        string Key(string name) => $"Gitstead__TriggerEndpoints__arn__aws__sns__{GitsteadServer.Region}__{server.AccountId}__{name}";
        _environment[Key("events-all")] = $"https://127.0.0.1:{AllPort}/all/";
        _environment[Key("events-comments")] = $"https://127.0.0.1:{CommentsPort}/comments/";
        _environment[Key("events-other-account")] = $"https://127.0.0.1:{AllPort}/all/";
        _environment[Key("events-other-region")] = $"https://127.0.0.1:{AllPort}/all/";
        _environment["Gitstead__EventTargets__0__Arn"] = Arn("events-all");
        _environment["Gitstead__EventTargets__1__Arn"] = Arn("events-comments");
        _environment["Gitstead__EventTargets__1__DetailTypes__0"] = "CodeCommit Comment on Pull Request";
        _environment["Gitstead__EventTargets__2__Arn"] = Arn("events-other-account");
        _environment["Gitstead__EventTargets__2__Account"] = server.AccountId == "000000000000" ? "999999999999" : "000000000000";
        _environment["Gitstead__EventTargets__3__Arn"] = Arn("events-other-region");
        _environment["Gitstead__EventTargets__3__Region"] = "eu-west-3";
        _environment["SSL_CERT_FILE"] = TriggerReceiverCa.PemPath;
        _environment["Gitstead__TriggerPollSeconds"] = "0.3";
        _environment["Gitstead__TriggerRetryBaseSeconds"] = "0.3";
        _environment["Gitstead__TriggerMaxBackoffSeconds"] = "1";
        await server.RestartAsync();
    }
}

public sealed class EventSqliteServer : SqliteServer, IEventServer
{
    public EventSqliteServer() => Events = new EventMapping(this);

    public EventMapping Events { get; }

    protected override IEnumerable<KeyValuePair<string, string>> ExtraEnvironment() => Events.Environment;
}

public sealed class EventPostgresServer : PostgresServer, IEventServer
{
    public EventPostgresServer() => Events = new EventMapping(this);

    public EventMapping Events { get; }

    protected override IEnumerable<KeyValuePair<string, string>> ExtraEnvironment() => Events.Environment;
}
