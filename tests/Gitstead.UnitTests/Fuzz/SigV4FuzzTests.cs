using FsCheck.Fluent;
using Gitstead.Auth.SigV4;
using Gitstead.Aws;
using Gitstead.UnitTests.SigV4;
using Xunit;

namespace Gitstead.UnitTests.Fuzz;

/// <summary>
/// The SigV4 header and presigned query parsers, and the checks after them, given mutated
/// signatures: each either accepts or fails with <see cref="AwsAuthenticationException"/>, which
/// the wire layer answers with a 4xx in the caller's protocol.
/// </summary>
public sealed class SigV4FuzzTests
{
    private static readonly DateTimeOffset Now = SigV4Vectors.SignedAt;

    [Fact]
    public void Parse_MutatedAuthorizationAndDateHeaders_OnlyFailsAsAuthentication()
    {
        var authorizations = Fuzzing.Mutated(
            SigV4Vectors.Authorization("iam", "content-type;host;x-amz-date", SigV4Vectors.ListUsersSignature),
            SigV4Vectors.Authorization("codecommit", "content-type;host;x-amz-date;x-amz-target", SigV4Vectors.GetRepositorySignature));
        var dates = Fuzzing.Mutated(SigV4Vectors.Time, "Tue, 02 Jan 2024 03:04:05 GMT");
        var cases = from authorization in authorizations
                    from date in dates
                    from useHttpDate in Gen.Elements(false, true)
                    select (authorization, date, useHttpDate);

        Fuzzing.Check(cases, 600, c =>
        {
            var request = SigV4Vectors.Request("POST", "/", "",
                [new("Host", SigV4Vectors.Host), new(c.useHttpDate ? "Date" : "X-Amz-Date", c.date), new("Authorization", c.authorization)],
                SigV4Vectors.ListUsersBody);
            FuzzAssert.SucceedsOrThrows<AwsAuthenticationException>(() => ParseAndVerify(request, "iam"));
        });
    }

    [Fact]
    public void Parse_MutatedPresignedQuery_OnlyFailsAsAuthentication()
    {
        var queries = Fuzzing.Mutated(SigV4Vectors.PresignedQuery, SigV4Vectors.PresignedSessionQuery);

        Fuzzing.Check(queries, 600, query =>
            FuzzAssert.SucceedsOrThrows<AwsAuthenticationException>(() => ParseAndVerify(SigV4Vectors.Presigned(query), "sts")));
    }

    [Fact]
    public void Parse_MutatedPath_OnlyFailsAsAuthentication()
    {
        var paths = Fuzzing.Mutated("/", "/v1/repos/demo", "/a%20b/./c/../d%2F", "/%E2%82%AC/");

        Fuzzing.Check(paths, 300, path =>
            FuzzAssert.SucceedsOrThrows<AwsAuthenticationException>(() =>
                ParseAndVerify(SigV4Vectors.Request("GET", path, SigV4Vectors.PresignedQuery, [new("Host", SigV4Vectors.Host)], ""), "sts")));
    }

    [Fact]
    public void GitSigV4Password_MutatedLogins_ParseOrAreRefusedWithoutThrowing()
    {
        const string password = "20240102T030405Z" + SigV4Vectors.ListUsersSignature;
        var userNames = Fuzzing.Mutated(SigV4Vectors.AccessKeyId, SigV4Vectors.SessionAccessKeyId + "%" + SigV4Vectors.SessionToken);
        var passwords = Fuzzing.Mutated(password);
        var hosts = Fuzzing.Mutated("git-codecommit.us-east-1.localhost:8443", "[::1]:443", "localhost");
        var cases = from user in userNames from pass in passwords from host in hosts select (user, pass, host);

        Fuzzing.Check(cases, 600, c =>
        {
            var candidates = GitSigV4Password.HostCandidates(c.host);
            if (GitSigV4Password.TryParse(c.user, c.pass, out var login))
            {
                GitSigV4Password.IsWithinWindow(login, Now);
                GitSigV4Password.Verify(login, SigV4Vectors.Secret, "/v1/repos/demo", candidates, ["us-east-1", c.host]);
            }
        });
    }

    /// <summary>Everything the authenticator does with a request before it needs the database.</summary>
    private static void ParseAndVerify(SigV4Request request, string service)
    {
        var signature = SigV4Parser.Parse(request);
        SigV4Parser.PeekService(request.FirstHeader("Authorization"), request.Query("X-Amz-Credential"));
        SigV4Verifier.CheckScope(signature, service);
        SigV4Verifier.CheckTime(signature, Now);
        SigV4Verifier.VerifySignature(request, signature, SigV4Vectors.Secret);
    }
}
