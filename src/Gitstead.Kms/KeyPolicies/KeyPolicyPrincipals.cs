using System.Text.Json;
using Gitstead.Kms.Keys;
using Gitstead.Storage;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Kms.KeyPolicies;

/// <summary>
/// AWS refuses a key policy that names a principal that does not exist. Here the principals of
/// the caller's own account are checked: a user ARN must name an existing user (path and name),
/// and a role ARN names nothing (Gitstead has no roles); the account itself, <c>*</c>, service
/// principals and other accounts are accepted as written.
/// </summary>
internal sealed class KeyPolicyPrincipals(IGitsteadDb db)
{
    public async Task RequireKnownAsync(string accountId, string policy, CancellationToken ct)
    {
        var prefix = $"arn:aws:iam::{accountId}:";
        var own = AwsPrincipals(policy).Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).Select(p => p[prefix.Length..]).Distinct().ToList();
        foreach (var resource in own.Where(r => r != "root"))
        {
            if (!resource.StartsWith("user/", StringComparison.Ordinal) || !await UserExistsAsync(accountId, resource["user".Length..], ct))
            {
                throw KmsErrors.MalformedPolicy("Policy contains a statement with one or more invalid principals.");
            }
        }
    }

    private async Task<bool> UserExistsAsync(string accountId, string pathAndName, CancellationToken ct)
    {
        var slash = pathAndName.LastIndexOf('/');
        var (path, name) = (pathAndName[..(slash + 1)], pathAndName[(slash + 1)..]);
        var key = name.ToLowerInvariant();
        await using var context = db.Create();
        return await context.Users.AnyAsync(u => u.AccountId == accountId && u.NameKey == key && u.UserName == name && u.Path == path, ct);
    }

    /// <summary>Every <c>"AWS"</c> entry of every Principal and NotPrincipal (the document was validated already).</summary>
    private static IEnumerable<string> AwsPrincipals(string policy)
    {
        using var document = JsonDocument.Parse(policy);
        var statements = document.RootElement.TryGetProperty("Statement", out var s) ? s : default;
        var list = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : [statements];
        var found = new List<string>();
        foreach (var statement in list.Where(x => x.ValueKind == JsonValueKind.Object))
        {
            foreach (var member in new[] { "Principal", "NotPrincipal" })
            {
                if (statement.TryGetProperty(member, out var principal) && principal.ValueKind == JsonValueKind.Object
                    && principal.TryGetProperty("AWS", out var aws))
                {
                    found.AddRange(aws.ValueKind == JsonValueKind.Array
                        ? aws.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)
                        : aws.ValueKind == JsonValueKind.String ? [aws.GetString()!] : []);
                }
            }
        }

        return found;
    }
}
