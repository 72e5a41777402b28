using System.Text.Json.Nodes;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Iam;

/// <summary>SSH public keys made by ssh-keygen, uploaded and managed with the aws CLI and boto3.</summary>
public abstract class SshPublicKeyTests<TServer>(TServer server) : IClassFixture<TServer>, IDisposable
    where TServer : GitsteadServer
{
    private readonly SshKeygen _keygen = new();

    public void Dispose() => _keygen.Dispose();

    [Fact]
    public async Task AwsCli_UploadSshKeygenKey_FingerprintIsWhatSshKeygenPrints()
    {
        var name = await NewUserAsync();
        var pubFile = await _keygen.NewKeyAsync();

        var key = (await server.RunAwsAsync(server.Root, "iam", "upload-ssh-public-key",
            "--user-name", name, "--ssh-public-key-body", $"file://{pubFile}")).Ok()["SSHPublicKey"]!;

        Assert.Equal(await SshKeygen.Md5FingerprintAsync(pubFile), (string)key["Fingerprint"]);
        Assert.Matches("^APKA[A-Z0-9]{17}$", (string)key["SSHPublicKeyId"]);
        Assert.Equal("Active", (string)key["Status"]);
        Assert.Equal(name, (string)key["UserName"]);
        Assert.Equal((await File.ReadAllTextAsync(pubFile)).Trim(), (string)key["SSHPublicKeyBody"]);
        Assert.NotNull(key["UploadDate"]);
    }

    [Fact]
    public async Task UploadPem_SameFingerprintAsTheOpenSshForm_AndTheOpenSshFormIsThenADuplicate()
    {
        var name = await NewUserAsync();
        var pubFile = await _keygen.NewKeyAsync(bits: 3072);

        var key = (await UploadAsync(name, await SshKeygen.ToPemAsync(pubFile))).Ok()["SSHPublicKey"]!;
        var again = (await UploadAsync(name, await File.ReadAllTextAsync(pubFile))).Failed();

        Assert.Equal(await SshKeygen.Md5FingerprintAsync(pubFile), (string)key["Fingerprint"]);
        Assert.Equal("DuplicateSSHPublicKeyException", again.Type);
        Assert.Equal(400, again.Status);
    }

    [Fact]
    public async Task SameKeyForAnotherUser_IsAccepted()
    {
        var pubFile = await _keygen.NewKeyAsync();
        var body = await File.ReadAllTextAsync(pubFile);

        (await UploadAsync(await NewUserAsync(), body)).Ok();
        var second = (await UploadAsync(await NewUserAsync(), body)).Ok()["SSHPublicKey"]!;

        Assert.Equal(await SshKeygen.Md5FingerprintAsync(pubFile), (string)second["Fingerprint"]);
    }

    [Fact]
    public async Task GetSshPublicKey_BothEncodings_AreTheUploadedKey()
    {
        var name = await NewUserAsync();
        var pubFile = await _keygen.NewKeyAsync();
        var openSsh = (await File.ReadAllTextAsync(pubFile)).Trim();
        var id = (string)(await UploadAsync(name, openSsh)).Ok()["SSHPublicKey"]!["SSHPublicKeyId"];

        var ssh = await GetAsync(name, id, "SSH");
        var pem = await GetAsync(name, id, "PEM");

        Assert.Equal(openSsh, (string)ssh["SSHPublicKeyBody"]);
        var pemBody = (string)pem["SSHPublicKeyBody"];
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----\n", pemBody);
        Assert.Equal(openSsh.Split(' ')[1], (await _keygen.FromPemAsync(pemBody)).Split(' ')[1]);
        Assert.Equal((string)ssh["Fingerprint"], (string)pem["Fingerprint"]);
    }

    [Fact]
    public async Task Upload_1024BitRsaKey_RaisesInvalidPublicKeyException()
    {
        var name = await NewUserAsync();
        var pubFile = await _keygen.NewKeyAsync(bits: 1024);

        var error = (await UploadAsync(name, await File.ReadAllTextAsync(pubFile))).Failed();

        Assert.Equal("InvalidPublicKeyException", error.Type);
        Assert.Equal("InvalidPublicKey", error.Code);
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public async Task Upload_Ed25519KeyOrText_RaisesUnrecognizedPublicKeyEncodingException()
    {
        var name = await NewUserAsync();
        var ed25519 = await File.ReadAllTextAsync(await _keygen.NewKeyAsync("ed25519"));

        var notRsa = (await UploadAsync(name, ed25519)).Failed();
        var notAKey = (await UploadAsync(name, "this is not a key")).Failed();

        Assert.Equal("UnrecognizedPublicKeyEncodingException", notRsa.Type);
        Assert.Equal("UnrecognizedPublicKeyEncodingException", notAKey.Type);
    }

    [Fact]
    public async Task SixthKey_RaisesLimitExceededException()
    {
        var name = await NewUserAsync();
        for (var i = 0; i < 5; i++)
        {
            (await UploadAsync(name, await File.ReadAllTextAsync(await _keygen.NewKeyAsync()))).Ok();
        }

        var error = (await UploadAsync(name, await File.ReadAllTextAsync(await _keygen.NewKeyAsync()))).Failed();

        Assert.Equal("LimitExceededException", error.Type);
        Assert.Equal(409, error.Status);
    }

    [Fact]
    public async Task UpdateListDelete_FollowTheKey()
    {
        var name = await NewUserAsync();
        var id = (string)(await UploadAsync(name, await File.ReadAllTextAsync(await _keygen.NewKeyAsync()))).Ok()["SSHPublicKey"]!["SSHPublicKeyId"];

        (await server.RunAwsAsync(server.Root, "iam", "update-ssh-public-key",
            "--user-name", name, "--ssh-public-key-id", id, "--status", "Inactive")).Ok();
        var listed = Assert.Single((await server.RunAwsAsync(server.Root, "iam", "list-ssh-public-keys", "--user-name", name))
            .Ok()["SSHPublicKeys"]!.AsArray())!;
        (await server.RunAwsAsync(server.Root, "iam", "delete-ssh-public-key", "--user-name", name, "--ssh-public-key-id", id)).Ok();
        var gone = (await server.Boto3Async(server.Root, "iam", "GetSSHPublicKey",
            new { UserName = name, SSHPublicKeyId = id, Encoding = "SSH" })).Failed();

        Assert.Equal(id, (string)listed["SSHPublicKeyId"]);
        Assert.Equal("Inactive", (string)listed["Status"]);
        Assert.Null(listed["SSHPublicKeyBody"]);
        Assert.Equal("NoSuchEntityException", gone.Type);
        Assert.Equal($"The Public Key with id {id} cannot be found.", gone.Message);
    }

    [Fact]
    public async Task KeyOfAnotherUser_IsNoSuchEntity()
    {
        var owner = await NewUserAsync();
        var other = await NewUserAsync();
        var id = (string)(await UploadAsync(owner, await File.ReadAllTextAsync(await _keygen.NewKeyAsync()))).Ok()["SSHPublicKey"]!["SSHPublicKeyId"];

        var error = (await server.Boto3Async(server.Root, "iam", "DeleteSSHPublicKey", new { UserName = other, SSHPublicKeyId = id })).Failed();

        Assert.Equal("NoSuchEntityException", error.Type);
        Assert.Equal(404, error.Status);
    }

    private Task<BotoResult> UploadAsync(string userName, string body) =>
        server.Boto3Async(server.Root, "iam", "UploadSSHPublicKey", new { UserName = userName, SSHPublicKeyBody = body });

    private async Task<JsonNode> GetAsync(string userName, string id, string encoding) =>
        (await server.Boto3Async(server.Root, "iam", "GetSSHPublicKey",
            new { UserName = userName, SSHPublicKeyId = id, Encoding = encoding })).Ok()["SSHPublicKey"]!;

    private async Task<string> NewUserAsync()
    {
        var name = GitsteadServer.UniqueName("ssh");
        await server.CreateUserAsync(name);
        return name;
    }
}

public sealed class SshPublicKeysOnSqlite(SqliteServer server) : SshPublicKeyTests<SqliteServer>(server);

public sealed class SshPublicKeysOnPostgres(PostgresServer server) : SshPublicKeyTests<PostgresServer>(server);
