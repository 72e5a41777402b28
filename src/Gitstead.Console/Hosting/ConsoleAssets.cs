using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gitstead.Console.Hosting;

/// <summary>
/// The console's stylesheet, script and icons, embedded in the assembly (nothing comes from a
/// CDN) and served under a URL that carries a hash of their content, so browsers keep them
/// for a year and a new build is fetched at once.
/// </summary>
internal static class ConsoleAssets
{
    private sealed record Asset(string Name, string Hash, string ContentType, byte[] Bytes);

    private static readonly FrozenDictionary<string, Asset> ByName = Load().ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);

    /// <summary>The URL of an embedded asset, e.g. <c>/console/assets/3f2a…/console.css</c>.</summary>
    public static string Url(string name) =>
        ByName.TryGetValue(name, out var asset) ? $"/console/assets/{asset.Hash}/{name}" : throw new ArgumentException($"No console asset named {name}.", nameof(name));

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/console/assets/{hash}/{name}", (HttpContext http, string hash, string name) =>
        {
            if (!ByName.TryGetValue(name, out var asset) || asset.Hash != hash)
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Bytes(asset.Bytes, asset.ContentType);
        });

    private static IEnumerable<Asset> Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Assets/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var name = resource["Assets/".Length..];
            yield return new Asset(name, Convert.ToHexStringLower(SHA256.HashData(bytes))[..16], ContentType(name), bytes);
        }
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        _ => "application/octet-stream",
    };
}
