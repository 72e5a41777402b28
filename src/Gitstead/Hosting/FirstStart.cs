using System.Text.Encodings.Web;
using System.Text.Json;
using Gitstead.Iam.Accounts;
using Gitstead.Storage;

namespace Gitstead.Hosting;

/// <summary>
/// First start: creates the first account and writes its root credentials to an owner-only
/// file. The secrets go to that file only; the console gets its path.
/// </summary>
internal static class FirstStart
{
    /// <summary>Secrets written as they are (no <c>\u002B</c> for a <c>+</c>), so the file reads the same with cat, grep or jq.</summary>
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task RunAsync(IServiceProvider services, TextWriter console, CancellationToken ct)
    {
        var accounts = services.GetRequiredService<AccountService>();
        if (await accounts.AnyAccountAsync(ct))
        {
            return;
        }

        var dataDir = services.GetRequiredService<DataDirectory>();
        var credentials = await accounts.CreateAccountAsync(rootEmail: null, ct);
        // Atomically: a reader (or a crash) never sees half of the file.
        DataDirectory.WriteSecretFileAtomically(dataDir.InitialCredentialsFile, JsonSerializer.SerializeToUtf8Bytes(credentials, Json), replace: true);
        console.WriteLine($"Created account {credentials.AccountId}. Its root credentials are in {dataDir.InitialCredentialsFile} (readable only by you).");
    }

    public static string Serialize(InitialCredentials credentials) => JsonSerializer.Serialize(credentials, Json);
}
