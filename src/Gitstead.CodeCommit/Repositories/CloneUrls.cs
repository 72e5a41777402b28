using System.Net;
using Gitstead.CodeCommit.Ssh;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// The clone URLs shown for a repository: from <see cref="CodeCommitOptions.CloneUrlTemplate"/>,
/// else from the address this server really listens on (read per request, so port 0 works).
/// A loopback or wildcard address becomes <c>git-codecommit.REGION.localhost:PORT</c>: the
/// generated certificate covers it, git resolves <c>*.localhost</c> to loopback, and the host
/// carries the region, so the URL clones as it is in every region. The SSH URL has the same
/// host (or <see cref="SshOptions.CloneHost"/>) and the SSH port.
/// </summary>
internal sealed class CloneUrls(IOptionsMonitor<CodeCommitOptions> options, IOptions<SshOptions> ssh, IServiceProvider services)
{
    private const string Fallback = "https://localhost:8443";

    public (string Http, string Ssh) For(string region, string name)
    {
        var template = options.CurrentValue.CloneUrlTemplate;
        var http = string.IsNullOrEmpty(template)
            ? $"{ListenBase(region)}/v1/repos/{name}"
            : template.Replace("{region}", region, StringComparison.Ordinal).Replace("{name}", name, StringComparison.Ordinal);
        var host = ssh.Value.CloneHost is { Length: > 0 } configured ? configured : SshHost(new Uri(http).Host, region);
        var port = ssh.Value.Port is 22 or 0 ? "" : $":{ssh.Value.Port}";
        return (http, $"ssh://{host}{port}/v1/repos/{name}");
    }

    private string ListenBase(string region)
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            ?? addresses.FirstOrDefault()
            ?? Fallback;
        var binding = BindingAddress.Parse(address);
        var host = IsLocal(binding.Host) ? $"git-codecommit.{region}.localhost" : binding.Host;
        var defaultPort = binding.Scheme == "https" ? 443 : 80;
        return binding.Port == defaultPort ? $"{binding.Scheme}://{host}" : $"{binding.Scheme}://{host}:{binding.Port}";
    }

    private static bool IsLocal(string host)
    {
        if (host is "localhost" or "+" or "*" || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var ip)
            && (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any));
    }

    /// <summary>CodeCommit's SSH host is <c>git-codecommit.REGION.DOMAIN</c>; an IP address stays as it is.</summary>
    private static string SshHost(string httpHost, string region)
    {
        if (httpHost.StartsWith("git-codecommit.", StringComparison.OrdinalIgnoreCase) || Uri.CheckHostName(httpHost.Trim('[', ']')) != UriHostNameType.Dns)
        {
            return httpHost;
        }

        return $"git-codecommit.{region}.{httpHost}";
    }
}
