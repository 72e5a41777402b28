using Gitstead.CodeCommit.Ssh;
using Gitstead.Hosting;
using Gitstead.Iam.Accounts;
using Gitstead.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Gitstead.Cli;

/// <summary>
/// Verbs: <c>serve</c> (the default), <c>account create [--email E]</c> and
/// <c>root-key rotate [--grace-seconds S]</c>, and the two helpers sshd runs (<c>ssh-keys</c>,
/// <c>ssh-git</c>), which only relay to the running server and start nothing else. Every other verb takes
/// the same switches as the server (data directory, database) so it acts on the same store.
/// </summary>
internal static class GitsteadCli
{
    private const string Usage = """
        usage: gitstead [serve] [--data-dir DIR] [--urls URL[;URL]] [--default-region R]
                        [--enabled-regions R1,R2] [--clone-url-template T]
                        [--database sqlite|postgres] [--connection-string S]
                        [--tls-cert FILE --tls-key FILE] [--ssh-port P (0: no SSH)]
               gitstead account create [--email E] [--data-dir DIR] [--database ...]
               gitstead root-key rotate [--grace-seconds S] [--data-dir DIR] [--database ...]
               gitstead ssh-keys|ssh-git --socket S KEYID   (run by sshd, not by people)
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var verbs = args.TakeWhile(a => !a.StartsWith('-')).ToArray();
        var switches = args[verbs.Length..];
        switch (verbs)
        {
            case []:
            case ["serve"]:
                return await ServeAsync(switches);
            case ["account", "create"]:
                return await CreateAccountAsync(switches);
            case ["root-key", "rotate"]:
                return await RootKeyCommand.RotateAsync(switches);
            case ["ssh-keys"] when switches is ["--socket", var socket, var keyId]:
                return SshRelayClient.Keys(socket, keyId);
            case ["ssh-git"] when switches is ["--socket", var socket, var keyId]:
                return SshRelayClient.Git(socket, keyId);
            case ["help"]:
                System.Console.WriteLine(Usage);
                return 0;
            default:
                await System.Console.Error.WriteLineAsync($"gitstead: unknown command '{string.Join(' ', verbs)}'\n{Usage}");
                return 2;
        }
    }

    private static async Task<int> ServeAsync(string[] switches)
    {
        StartupTrace.Mark("main");
        // Warmed on another core while this one builds the host: Kestrel's first use of the
        // certificate builds its chain, which reads every certificate of the system's trust store.
        _ = Task.Run(SystemTrustStore.Load);
        var app = GitsteadHost.CreateApp(switches);

        // The schema check and the first-start work touch only the database; they run while the
        // endpoints are mapped, which takes as long and touches only the process.
        var prepared = Task.Run(() => PrepareAsync(app, app.Lifetime.ApplicationStopping));
        GitsteadHost.MapEndpoints(app);
        StartupTrace.Mark("host built");
        await prepared;
        PrintTrustHelp(app.Services);
        StartupTrace.Mark("local CA loaded");
        app.Lifetime.ApplicationStarted.Register(() => PrintConsoleHelp(app));
        app.Lifetime.ApplicationStarted.Register(() => StartupTrace.Mark("started"));
        await app.RunAsync();
        return 0;
    }

    /// <summary>Where the console is and how to sign in, once the server listens (the port may have been 0).</summary>
    private static void PrintConsoleHelp(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            .OrderByDescending(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            .FirstOrDefault();
        if (address is null)
        {
            return;
        }

        var binding = BindingAddress.Parse(address);
        var host = binding.Host is "+" or "*" or "0.0.0.0" or "[::]" ? "localhost" : binding.Host;
        var credentials = app.Services.GetRequiredService<DataDirectory>().InitialCredentialsFile;
        System.Console.WriteLine($"""
            Console:   {binding.Scheme}://{host}:{binding.Port}/console
            Sign in as the root user with rootEmail and rootPassword from {credentials}
            """);
    }

    private static async Task<int> CreateAccountAsync(string[] switches)
    {
        var app = GitsteadHost.Build(switches);
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        var email = app.Configuration["Cli:Email"];
        var credentials = await app.Services.GetRequiredService<AccountService>().CreateAccountAsync(email, CancellationToken.None);
        // Shown once, to the operator who asked, on standard output; never logged.
        System.Console.WriteLine(FirstStart.Serialize(credentials));
        return 0;
    }

    private static async Task PrepareAsync(WebApplication app, CancellationToken ct)
    {
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
        StartupTrace.Mark("database migrated");
        await FirstStart.RunAsync(app.Services, System.Console.Out, ct);
        StartupTrace.Mark("first start done");
    }

    private static void PrintTrustHelp(IServiceProvider services)
    {
        if (!string.IsNullOrEmpty(services.GetRequiredService<IOptions<TlsOptions>>().Value.CertificateFile))
        {
            return;
        }

        var ca = LocalCertificateAuthority.LoadOrCreate(services.GetRequiredService<DataDirectory>());
        System.Console.WriteLine($"""
            HTTPS uses a local CA{(ca.Created ? " created now" : "")}: {ca.CaPemPath}
            Trust it for this server only:
                       export AWS_CA_BUNDLE={ca.CaPemPath}
                       git config --global http.https://git-codecommit.REGION.localhost:PORT/.sslCAInfo {ca.CaPemPath}
            """);
        if (!ca.IsNameConstrained)
        {
            System.Console.WriteLine($"""
                This CA was made by an older version and is not limited to localhost names: any
                client that trusts it would accept it for every site. Stop the server, delete
                {ca.CaPemPath} and its .key, start again and trust the new CA instead.
                """);
        }
    }
}
