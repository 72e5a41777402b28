using System.Globalization;
using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Policies;
using Gitstead.Policy;
using Gitstead.Storage;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.Iam.Authorization;

/// <summary>One simulated (action, resource) pair, its outcome and the statements that matched.</summary>
public sealed record SimulationResult(string Action, string Resource, PolicyDecision Decision, IReadOnlyList<MatchedStatement> Matched);

/// <summary>A condition key and its values, given to a simulation (e.g. <c>aws:SourceIp</c>).</summary>
public sealed record SimulationContextEntry(string Key, IReadOnlyList<string> Values);

/// <summary>What to simulate: each action on each resource (<c>*</c> when none is given).</summary>
/// <param name="Actions">Actions such as <c>codecommit:GitPush</c>; at least one.</param>
/// <param name="Resources">Resource ARNs; none means <c>*</c>.</param>
/// <param name="ResourcePolicy">A resource-based policy to evaluate beside the identity-based ones, or null.</param>
/// <param name="Context">Condition keys of the simulated requests.</param>
public sealed record SimulationRequest(
    IReadOnlyList<string> Actions, IReadOnlyList<string> Resources, string? ResourcePolicy, IReadOnlyList<SimulationContextEntry> Context);

/// <summary>
/// The policy simulator: evaluates actions and resources with the same engine, the same
/// policies and the same principal keys the authorizer uses, so its answers agree with what
/// the API actually does. A refusal to simulate is <see cref="AccessDeniedException"/>; other
/// outcomes are <see cref="AwsServiceException"/>s with IAM's error codes.
/// </summary>
public sealed class SimulationService(IGitsteadDb db, IAuthorizer authorizer, PrincipalPolicyLoader loader, ParsedPolicyCache cache)
{
    /// <summary>
    /// Simulates for the user or group named by <paramref name="policySourceArn"/>, with its
    /// policies plus <paramref name="extraPolicies"/>. Authorizes <c>iam:SimulatePrincipalPolicy</c>
    /// on that ARN. Results in request order, paged.
    /// </summary>
    /// <exception cref="AwsServiceException">
    /// ValidationError (no action), NoSuchEntity (the user or group), InvalidInput (an ARN that
    /// is not a user or group of the account, a malformed policy, a marker this list did not hand out).
    /// </exception>
    public async Task<Page<SimulationResult>> SimulatePrincipalPolicyAsync(
        CallContext call, string policySourceArn, IReadOnlyList<string> extraPolicies, SimulationRequest request, PageRequest page, CancellationToken ct)
    {
        await authorizer.RequireAsync(call, "iam:SimulatePrincipalPolicy", policySourceArn, ct);
        RequireActions(request);
        await using var dbContext = db.Create();
        var (principal, policies) = await PoliciesOfAsync(dbContext, call.AccountId, policySourceArn, ct);
        var inputs = policies.Concat(ParseInputs(extraPolicies)).ToList();
        return Simulate(principal, inputs, request, page);
    }

    /// <summary>
    /// Simulates <paramref name="policies"/> alone, for no particular principal. Authorizes
    /// <c>iam:SimulateCustomPolicy</c> on <c>*</c>. Results in request order, paged.
    /// </summary>
    /// <exception cref="AwsServiceException">
    /// ValidationError (no policy, no action), InvalidInput (a malformed policy, a marker this list did not hand out).
    /// </exception>
    public async Task<Page<SimulationResult>> SimulateCustomPolicyAsync(
        CallContext call, IReadOnlyList<string> policies, SimulationRequest request, PageRequest page, CancellationToken ct)
    {
        await authorizer.RequireAsync(call, "iam:SimulateCustomPolicy", "*", ct);
        if (policies.Count == 0)
        {
            throw Validation.Error("Value null at 'policyInputList' failed to satisfy constraint: Member must not be null");
        }

        RequireActions(request);
        return Simulate(null, ParseInputs(policies), request, page);
    }

    private static void RequireActions(SimulationRequest request)
    {
        if (request.Actions.Count == 0)
        {
            throw Validation.Error("Value null at 'actionNames' failed to satisfy constraint: Member must not be null");
        }
    }

    /// <summary>
    /// The page's results only: pairs are numbered action by action, resource by resource, and
    /// the marker names the last number returned, so each call evaluates at most MaxItems pairs
    /// however many actions and resources the request lists (1,000 × 1,000 is a million pairs,
    /// too many to build at once).
    /// </summary>
    private static Page<SimulationResult> Simulate(Caller? principal, IReadOnlyList<PolicyInput> identity, SimulationRequest request, PageRequest page)
    {
        var (actions, resourceList, resourcePolicy, context) = (request.Actions, request.Resources, request.ResourcePolicy, request.Context);
        IReadOnlyList<string> resources = resourceList.Count == 0 ? ["*"] : resourceList;
        var total = (long)actions.Count * resources.Count;
        var start = page.Token is null ? 0 : StartAfter(page.Token, total);
        var end = Math.Min(total, start + page.MaxItems);
        var resourcePolicies = resourcePolicy is null ? null : new[] { new PolicyInput("ResourcePolicy", Parse(resourcePolicy, PolicyParseOptions.ResourceBased)) };
        var builder = principal is null ? new RequestContextBuilder() : PolicyAuthorizer.PrincipalFor(principal);
        foreach (var entry in context.DistinctBy(e => e.Key, StringComparer.OrdinalIgnoreCase))
        {
            builder.WithKey(entry.Key, entry.Values);
        }

        var results = new List<SimulationResult>((int)(end - start));
        for (var i = start; i < end; i++)
        {
            var (action, resource) = (actions[(int)(i / resources.Count)], resources[(int)(i % resources.Count)]);
            var result = PolicyEvaluator.Evaluate(builder.Build(action, resource), identity, resourcePolicies);
            results.Add(new SimulationResult(action, resource, result.Decision, result.MatchedStatements));
        }

        var next = end < total ? PageTokens.EncodeKey((end - 1).ToString(CultureInfo.InvariantCulture)) : null;
        return new Page<SimulationResult>(results, next);
    }

    /// <summary>The number after the marker's; InvalidInput for a marker this list did not hand out.</summary>
    private static long StartAfter(string token, long total) =>
        long.TryParse(Paging.AfterKey(token), NumberStyles.None, CultureInfo.InvariantCulture, out var last) && last >= 0 && last + 1 < total
            ? last + 1
            : throw IamErrors.InvalidInput("Invalid Marker.");

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
