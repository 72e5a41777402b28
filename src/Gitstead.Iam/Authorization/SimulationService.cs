using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Policies;
using Gitstead.Policy;
using Gitstead.Storage;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Authorization;

/// <summary>One simulated (action, resource) pair and its outcome.</summary>
internal sealed record SimulationResult(string Action, string Resource, PolicyDecision Decision, IReadOnlyList<MatchedStatement> Matched);

/// <summary>A context entry of a simulation request.</summary>
internal sealed record SimulationContextEntry(string Key, IReadOnlyList<string> Values);

/// <summary>
/// The policy simulator: evaluates actions and resources with the same engine, the same
/// policies and the same principal keys the authorizer uses, so its answers agree with what
/// the API actually does.
/// </summary>
internal sealed class SimulationService(IGitsteadDb db, PrincipalPolicyLoader loader, ParsedPolicyCache cache)
{
    /// <summary>Simulates for the user or group named by <paramref name="sourceArn"/>, plus extra policies.</summary>
    public async Task<IReadOnlyList<SimulationResult>> SimulatePrincipalAsync(
        string accountId, string sourceArn, IReadOnlyList<string> extraPolicies, IReadOnlyList<string> actions,
        IReadOnlyList<string> resources, string? resourcePolicy, IReadOnlyList<SimulationContextEntry> context, CancellationToken ct)
    {
        await using var dbContext = db.Create();
        var (principal, policies) = await PoliciesOfAsync(dbContext, accountId, sourceArn, ct);
        var inputs = policies.Concat(ParseInputs(extraPolicies)).ToList();
        return Simulate(principal, inputs, actions, resources, resourcePolicy, context);
    }

    public IReadOnlyList<SimulationResult> SimulateCustom(
        Caller caller, IReadOnlyList<string> policies, IReadOnlyList<string> actions, IReadOnlyList<string> resources,
        string? resourcePolicy, IReadOnlyList<SimulationContextEntry> context) =>
        Simulate(null, ParseInputs(policies), actions, resources, resourcePolicy, context);

    private static List<SimulationResult> Simulate(
        Caller? principal, IReadOnlyList<PolicyInput> identity, IReadOnlyList<string> actions, IReadOnlyList<string> resources,
        string? resourcePolicy, IReadOnlyList<SimulationContextEntry> context)
    {
        var resourcePolicies = resourcePolicy is null ? null : new[] { new PolicyInput("ResourcePolicy", Parse(resourcePolicy, PolicyParseOptions.ResourceBased)) };
        var keys = context.ToDictionary(e => e.Key, e => e.Values, StringComparer.OrdinalIgnoreCase);
        var builder = principal is null ? new RequestContextBuilder() : PolicyAuthorizer.PrincipalFor(principal);
        foreach (var (key, values) in keys)
        {
            builder.WithKey(key, values);
        }

        var results = new List<SimulationResult>();
        foreach (var action in actions)
        {
            foreach (var resource in resources.Count == 0 ? ["*"] : resources)
            {
                var result = PolicyEvaluator.Evaluate(builder.Build(action, resource), identity, resourcePolicies);
                results.Add(new SimulationResult(action, resource, result.Decision, result.MatchedStatements));
            }
        }

        return results;
    }

    /// <summary>The principal (for its condition keys) and the identity policies of a user or group ARN.</summary>
    private async Task<(Caller? Principal, IReadOnlyList<PolicyInput> Policies)> PoliciesOfAsync(
        GitsteadDbContext dbContext, string accountId, string arn, CancellationToken ct)
    {
        var resource = Arns.TryParse(arn, out var parts) && parts is { Partition: Arns.Partition, Service: "iam", Region: "" } && parts.AccountId == accountId
            ? parts.Resource
            : null;
        var name = resource?[(resource.LastIndexOf('/') + 1)..];
        if (name is not null && resource!.StartsWith("user/", StringComparison.Ordinal))
        {
            var key = name.ToLowerInvariant();
            var user = await dbContext.Users.AsNoTracking().FirstOrDefaultAsync(u => u.AccountId == accountId && u.NameKey == key, ct)
                ?? throw IamErrors.NoSuchEntity($"The user with name {name} cannot be found.");
            var caller = Caller.User(accountId, user.Path, user.UserName, user.UserId, user.Key);
            var documents = await loader.LoadForUserAsync(dbContext, accountId, user.Key, ct);
            return (caller, documents.Select(d => new PolicyInput(d.PolicyId, cache.Get(d.Document))).ToList());
        }

        if (name is not null && resource!.StartsWith("group/", StringComparison.Ordinal))
        {
            var key = name.ToLowerInvariant();
            var group = await dbContext.Groups.AsNoTracking().FirstOrDefaultAsync(g => g.AccountId == accountId && g.NameKey == key, ct)
                ?? throw IamErrors.NoSuchEntity($"The group with name {name} cannot be found.");
            var documents = await loader.LoadForGroupAsync(dbContext, accountId, group.Key, group.GroupName, ct);
            return (null, documents.Select(d => new PolicyInput(d.PolicyId, cache.Get(d.Document))).ToList());
        }

        throw IamErrors.InvalidInput($"Invalid ARN {arn}: only IAM users and groups of this account can be simulated.");
    }

    private static List<PolicyInput> ParseInputs(IReadOnlyList<string> documents) =>
        documents.Select((d, i) => new PolicyInput($"PolicyInputList.{i + 1}", Parse(d, PolicyParseOptions.InlineIdentity))).ToList();

    private static PolicyDocument Parse(string document, PolicyParseOptions options)
    {
        try
        {
            return PolicyDocument.Parse(document, options);
        }
        catch (MalformedPolicyDocumentException ex)
        {
            throw IamErrors.InvalidInput($"Invalid policy document: {ex.Message}");
        }
    }
}
