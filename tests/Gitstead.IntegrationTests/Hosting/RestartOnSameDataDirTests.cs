using System.Net;
using Gitstead.IntegrationTests.Support;
using Xunit;

namespace Gitstead.IntegrationTests.Hosting;

/// <summary>A second start on the same data directory (and database) keeps the account it bootstrapped.</summary>
public abstract class RestartOnSameDataDirTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GitsteadServer
{
    [Fact]
    public async Task SecondStart_LeavesTheCredentialsFileAndCaAlone()
    {
        var credentials = await File.ReadAllBytesAsync(server.InitialCredentialsPath);
        var written = File.GetLastWriteTimeUtc(server.InitialCredentialsPath);
        var ca = await File.ReadAllBytesAsync(server.CaBundlePath);

        await server.RestartAsync();

        Assert.Equal(credentials, await File.ReadAllBytesAsync(server.InitialCredentialsPath));
        Assert.Equal(written, File.GetLastWriteTimeUtc(server.InitialCredentialsPath));
        Assert.Equal(ca, await File.ReadAllBytesAsync(server.CaBundlePath));
    }

    [Fact]
    public async Task SecondStart_AfterTheOperatorRemovedTheCredentialsFile_WritesNoNewOne()
    {
        var aside = server.InitialCredentialsPath + ".read-by-operator";
        File.Move(server.InitialCredentialsPath, aside);
        try
        {
            await server.RestartAsync();

            using var health = await server.Http.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.False(File.Exists(server.InitialCredentialsPath), "a second start wrote new initial credentials");
        }
        finally
        {
            File.Move(aside, server.InitialCredentialsPath, overwrite: true);
        }
    }

    [Fact]
    public async Task SecondStart_KeepsTheAccountAndItsRootKey()
    {
        await server.RestartAsync();

        var identity = (await server.RunAwsAsync(server.Root, "sts", "get-caller-identity")).Ok();

        Assert.Equal(server.Initial.AccountId, (string)identity["Account"]);
        Assert.Equal($"arn:aws:iam::{server.Initial.AccountId}:root", (string)identity["Arn"]);
    }
}

public sealed class RestartOnSameDataDirOnSqlite(SqliteServer server) : RestartOnSameDataDirTests<SqliteServer>(server);

public sealed class RestartOnSameDataDirOnPostgres(PostgresServer server) : RestartOnSameDataDirTests<PostgresServer>(server);
