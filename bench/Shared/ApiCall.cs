using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace Gitstead.Bench;

/// <summary>TLS for the benchmark clients: trust exactly the given CA (the server's local CA).</summary>
internal static class BenchTls
{
    public static SslClientAuthenticationOptions TrustOptions(string? caFile)
    {
        if (caFile is null)
        {
            return new SslClientAuthenticationOptions();
        }

        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(caFile);
        return new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            },
        };
    }
}

/// <summary>One API operation as the AWS CLI sends it: the protocol's content type and body, signed for its service.</summary>
internal sealed record ApiCall(string SigningService, string ContentType, string? Target, byte[] Body)
{
    public static ApiCall Parse(string spec)
    {
        var (name, argument) = spec.IndexOf(':') is var colon and >= 0 ? (spec[..colon], spec[(colon + 1)..]) : (spec, "");
        const string Form = "application/x-www-form-urlencoded; charset=utf-8";
        const string Json = "application/x-amz-json-1.1";
        return name switch
        {
            "sts" => new("sts", Form, null, Encoding.UTF8.GetBytes("Action=GetCallerIdentity&Version=2011-06-15")),
            "iam-get-user" => new("iam", Form, null, Encoding.UTF8.GetBytes($"Action=GetUser&UserName={Uri.EscapeDataString(argument)}&Version=2010-05-08")),
            "codecommit-get-repository" => new("codecommit", Json, "CodeCommit_20150413.GetRepository", JsonSerializer.SerializeToUtf8Bytes(new { repositoryName = argument })),
            "codecommit-list-repositories" => new("codecommit", Json, "CodeCommit_20150413.ListRepositories", "{}"u8.ToArray()),
            "iam-create-user" => new("iam", Form, null, Encoding.UTF8.GetBytes($"Action=CreateUser&UserName={Uri.EscapeDataString(argument)}&Version=2010-05-08")),
            // A write that succeeds every time: the description is stored again whatever it was.
            "codecommit-update-repository-description" => new("codecommit", Json, "CodeCommit_20150413.UpdateRepositoryDescription", JsonSerializer.SerializeToUtf8Bytes(new { repositoryName = argument, repositoryDescription = "Benchmark repository, described again" })),
            "codecommit-create-repository" => new("codecommit", Json, "CodeCommit_20150413.CreateRepository", JsonSerializer.SerializeToUtf8Bytes(new { repositoryName = argument, repositoryDescription = $"Benchmark repository {argument}" })),
            _ => throw new ArgumentException($"unknown call {spec}"),
        };
    }

    public HttpRequestMessage Sign(AWS4Signer signer, IClientConfig config, ImmutableCredentials credentials, Uri endpoint)
    {
        var request = new DefaultRequest(new Operation(), SigningService)
        {
            HttpMethod = "POST",
            Endpoint = endpoint,
            ResourcePath = "/",
            Content = Body,
            OverrideSigningServiceName = SigningService,
            AuthenticationRegion = config.AuthenticationRegion,
        };
        request.Headers["Content-Type"] = ContentType;
        if (Target is not null)
        {
            request.Headers["X-Amz-Target"] = Target;
        }

        signer.Sign(request, config, null, new BasicAWSCredentials(credentials.AccessKey, credentials.SecretKey));

        var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(Body), Version = new Version(1, 1) };
        foreach (var (header, value) in request.Headers)
        {
            if (header.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                message.Content.Headers.TryAddWithoutValidation(header, value);
            }
            else if (!header.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !header.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.TryAddWithoutValidation(header, value);
            }
        }

        return message;
    }

    private sealed class Operation : AmazonWebServiceRequest;
}

