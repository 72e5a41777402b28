using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Gitstead.IntegrationTests.Support;
using Microsoft.Data.Sqlite;

namespace Gitstead.IntegrationTests.Kms;

/// <summary>Steps the KMS scenarios share: keys, blobs, the AWS SDK for .NET, and the server's own database.</summary>
internal static class KmsSteps
{
    /// <summary>boto3 sends <c>{"$base64": …}</c> as bytes (a blob member).</summary>
    public static JsonObject Blob(byte[] bytes) => new() { ["$base64"] = Convert.ToBase64String(bytes) };

    public static JsonObject Blob(string text) => Blob(Encoding.UTF8.GetBytes(text));

    /// <summary>A blob member of a boto3 response (base64 in the driver's JSON).</summary>
    public static byte[] Bytes(JsonNode node) => Convert.FromBase64String((string)node);

    public static JsonObject Context(params (string Key, string Value)[] pairs)
    {
        var json = new JsonObject();
        foreach (var (key, value) in pairs)
        {
            json[key] = value;
        }

        return json;
    }

    /// <summary>Creates a symmetric key as <paramref name="creds"/> (the root when null) and returns its KeyMetadata.</summary>
    public static async Task<JsonNode> CreateKeyAsync(this GitsteadServer server, Credentials creds = null, string description = "test key", string policy = null)
    {
        var parameters = new JsonObject { ["Description"] = description };
        if (policy is not null)
        {
            parameters["Policy"] = policy;
        }

        return (await server.Boto3Async(creds ?? server.Root, "kms", "CreateKey", parameters)).Ok()["KeyMetadata"]!;
    }

    public static async Task<byte[]> EncryptAsync(this GitsteadServer server, string keyId, string plaintext, JsonObject context = null, Credentials creds = null)
    {
        var parameters = new JsonObject { ["KeyId"] = keyId, ["Plaintext"] = Blob(plaintext) };
        if (context is not null)
        {
            parameters["EncryptionContext"] = context;
        }

        return Bytes((await server.Boto3Async(creds ?? server.Root, "kms", "Encrypt", parameters)).Ok()["CiphertextBlob"]);
    }

    /// <summary>An IAM user with an access key and, when given, one inline policy.</summary>
    public static async Task<(string Arn, Credentials Key)> CreateKmsUserAsync(this GitsteadServer server, string prefix, string inlinePolicy = null)
    {
        var name = GitsteadServer.UniqueName(prefix);
        var user = await server.CreateUserAsync(name);
        if (inlinePolicy is not null)
        {
            (await server.Boto3Async(server.Root, "iam", "PutUserPolicy", new { UserName = name, PolicyName = "kms", PolicyDocument = inlinePolicy })).Ok();
        }

        return ((string)user["Arn"], await server.CreateAccessKeyAsync(name));
    }

    /// <summary>An identity policy allowing <paramref name="actions"/> on every key.</summary>
    public static string Allow(params string[] actions) => new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Effect"] = "Allow",
            ["Action"] = new JsonArray([.. actions.Select(a => JsonValue.Create(a))]),
            ["Resource"] = "*",
        }),
    }.ToJsonString();

    /// <summary>The AWS SDK for .NET's KMS client, trusting only the server's CA.</summary>
    public static AmazonKeyManagementServiceClient Sdk(this GitsteadServer server, Credentials creds) =>
        new(new BasicAWSCredentials(creds.AccessKeyId, creds.SecretAccessKey), new AmazonKeyManagementServiceConfig
        {
            ServiceURL = server.Endpoint.ToString(),
            AuthenticationRegion = GitsteadServer.Region,
            HttpClientFactory = new TrustedSdkHttp(server.CaBundlePath),
            MaxErrorRetry = 0,
        });

    /// <summary>
    /// Runs one statement against the server's own database, as time would: the only way a test
    /// moves a key past its deletion date or its rotation date without waiting days.
    /// </summary>
    public static async Task<int> ExecuteSqlAsync(this GitsteadServer server, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenDatabaseAsync(server);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Every key material version in plaintext, unsealed here with the root key file the way the
    /// server's envelope does (AES-256-GCM data key under the root key, then the material under
    /// the data key, both bound to <c>kms-key-material:KEYARN:VERSION</c>): what a scan must not find.
    /// </summary>
    public static async Task<List<byte[]>> UnsealedMaterialsAsync(this GitsteadServer server)
    {
        var root = await File.ReadAllBytesAsync(Path.Combine(server.DataDir, "keys", "root.key"));
        await using var connection = await OpenDatabaseAsync(server);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT k."KeyId", k."AccountId", k."Region", m."Version", m."SealedMaterial"
            FROM "KmsKeyMaterials" m JOIN "KmsKeys" k ON k."Key" = m."KeyKey"
            """;
        await using var reader = await command.ExecuteReaderAsync();
        var materials = new List<byte[]>();
        while (await reader.ReadAsync())
        {
            var arn = $"arn:aws:kms:{reader.GetString(2)}:{reader.GetString(1)}:key/{reader.GetString(0)}";
            var context = Encoding.UTF8.GetBytes($"kms-key-material:{arn}:{reader.GetInt32(3)}");
            materials.Add(Unseal(root, (byte[])reader.GetValue(4), context));
        }

        return materials;
    }

    private static byte[] Unseal(byte[] root, byte[] blob, byte[] aad)
    {
        // version(1) | rootKeyId(8) | wrapNonce(12) | wrappedKey(32) | wrapTag(16) | nonce(12) | tag(16) | ciphertext
        var dataKey = new byte[32];
        using (var wrap = new AesGcm(root, 16))
        {
            wrap.Decrypt(blob.AsSpan(9, 12), blob.AsSpan(21, 32), blob.AsSpan(53, 16), dataKey, aad);
        }

        var plain = new byte[blob.Length - 97];
        using var open = new AesGcm(dataKey, 16);
        open.Decrypt(blob.AsSpan(69, 12), blob.AsSpan(97), blob.AsSpan(81, 16), plain, aad);
        return plain;
    }

    private static async Task<DbConnection> OpenDatabaseAsync(GitsteadServer server)
    {
        if (server is PostgresServer postgres)
        {
            return await TestPostgres.OpenAsync(postgres.DatabaseName);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = ((SqliteServer)server).DatabasePath,
            Pooling = false,
            DefaultTimeout = 30,
        }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private sealed class TrustedSdkHttp(string caBundlePath) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => TrustedHttp.Create(caBundlePath);
    }
}
