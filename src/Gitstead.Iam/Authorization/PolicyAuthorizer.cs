using Gitstead.Aws;
using Gitstead.Iam.Policies;
using Gitstead.Policy;
using Gitstead.Storage;

namespace Gitstead.Iam.Authorization;

/// <summary>
/// Authorizes every API call and Git request with the policy engine: the account root may do
/// anything in its own account; an IAM user exactly what its identity-based policies (inline,
/// attached, and through its groups) allow — explicit deny, then allow, else implicit deny. A
/// resource-based policy given with the request (a KMS key policy) is evaluated beside them.
/// A user's parsed policies are reused while the account's policy generation, read with the
/// caller's credential, is the one they were loaded at (<see cref="PrincipalPolicyCache"/>);
/// otherwise the rows are read again and each parse is taken from the content cache.
/// </summary>
public sealed class PolicyAuthorizer(IGitsteadDb db, PrincipalPolicyLoader loader, ParsedPolicyCache cache, PrincipalPolicyCache principals) : IAuthorizer
{
    /// <summary>The root is not subject to identity-based policies: as if one allowed everything.</summary>
    private static readonly PolicyInput[] RootIdentity =
        [new("root", PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""", PolicyParseOptions.ManagedIdentity))];

    /// <inheritdoc/>
    public async ValueTask<AuthorizationResult> AuthorizeAsync(AuthorizationRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Call.Caller;
        if (!IsOwnOrAwsResource(request.Resource, caller.AccountId))
        {
            // No cross-account access: no resource-based policy of another account is ever evaluated.
            return new AuthorizationResult(AuthorizationDecision.ImplicitDeny);
        }

        if (caller.IsRoot && request.ResourcePolicy is null)
        {
            return AuthorizationResult.Allowed;
        }

        var identity = caller.IsRoot ? RootIdentity : await LoadAsync(caller, cancellationToken);
        var builder = RequestFor(request.Call, request.Keys);
        PolicyInput? resource = request.ResourcePolicy is { } resourcePolicy
            ? new PolicyInput(resourcePolicy.PolicyId, cache.GetResourcePolicy(resourcePolicy.Document))
            : null;
        var mode = request.ResourcePolicy?.IsKeyPolicy == true ? EvaluationMode.KeyPolicy : EvaluationMode.SameAccount;
        for (var i = -1; i < request.AlsoActions.Count; i++)
        {
            var action = i < 0 ? request.Action : request.AlsoActions[i];
            var context = builder.Build(action, request.Resource);
            var result = resource is null
                ? new AuthorizationResult(ToDecision(PolicyEvaluator.Evaluate(context, identity).Decision))
                : Explain(PolicyEvaluator.Evaluate(context, identity, [resource.Value], mode));
            if (!result.IsAllowed)
            {
                return i < 0 ? result : result with { RefusedAction = action };
            }
        }

        return AuthorizationResult.Allowed;
    }

    /// <summary>The user's identity-based policies, parsed.</summary>
    public async Task<IReadOnlyList<PolicyInput>> LoadAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (caller.UserKey is not { } userKey)
        {
            return [];
        }

        var generation = caller.PolicyGeneration;
        if (generation is { } known && principals.TryGet(caller.AccountId, userKey, known, out var cached))
        {
            return cached;
        }

        await using var context = db.Create();
        var documents = await loader.LoadForUserAsync(context, caller.AccountId, userKey, cancellationToken);
        var policies = documents.Select(d => new PolicyInput(d.PolicyId, cache.Get(d.Document))).ToList();
        if (generation is { } loadedAfter)
        {
            principals.Set(caller.AccountId, userKey, loadedAfter, policies);
        }

        return policies;
    }

    /// <summary>
    /// The one place a request's condition keys are made: the principal's (<c>aws:username</c>,
    /// <c>aws:userid</c>, <c>aws:PrincipalArn</c>, …), the request's (<c>aws:SourceIp</c>,
    /// <c>aws:SecureTransport</c>, <c>aws:CurrentTime</c>, <c>aws:EpochTime</c>,
    /// <c>aws:RequestedRegion</c>, <c>aws:MultiFactorAuthPresent</c>), then the operation's own.
    /// </summary>
    public static RequestContextBuilder RequestFor(CallContext call, IReadOnlyDictionary<string, IReadOnlyList<string>>? keys)
    {
        var origin = call.Origin;
        var builder = PrincipalFor(call.Caller)
            .WithSourceIp(origin.SourceAddress)
            .WithSecureTransport(origin.SecureTransport)
            .WithRequestTime(origin.Time)
            .WithRequestedRegion(origin.Region);
        if (keys is not null)
        {
            foreach (var (key, values) in keys)
            {
                builder.WithKey(key, values);
            }
        }

        return builder;
    }

    /// <summary>The principal's condition keys only (the policy simulator adds the context entries it is given).</summary>
    public static RequestContextBuilder PrincipalFor(Caller caller)
    {
        var builder = new RequestContextBuilder();
        if (caller.IsRoot)
        {
            builder.ForRoot(caller.AccountId);
        }
        else
        {
            builder.ForUser(caller.AccountId, caller.UserName!, caller.UserId, caller.Path!);
        }

        return builder.WithMultiFactorAuth(caller.IsTemporary ? caller.MultiFactorAuthPresent : null);
    }

    /// <summary>The engine's decision as the authorizer reports it.</summary>
    public static AuthorizationDecision ToDecision(PolicyDecision decision) => decision switch
    {
        PolicyDecision.Allow => AuthorizationDecision.Allow,
        PolicyDecision.ExplicitDeny => AuthorizationDecision.ExplicitDeny,
        _ => AuthorizationDecision.ImplicitDeny,
    };

    /// <summary>
    /// The decision with the kind of policy that made it: the denying statement's; for an
    /// implicit deny, the resource-based policy unless it allowed (delegating to IAM) and only
    /// an identity-based allow was missing.
    /// </summary>
    private static AuthorizationResult Explain(EvaluationResult result)
    {
        var decision = ToDecision(result.Decision);
        var resourceDecided = decision switch
        {
            AuthorizationDecision.ExplicitDeny => result.DecidingStatement?.Source == PolicySource.Resource,
            AuthorizationDecision.ImplicitDeny => !result.MatchedStatements.Any(s => s.Source == PolicySource.Resource && s.Effect == PolicyEffect.Allow),
            _ => result.DecidingStatement?.Source == PolicySource.Resource,
        };
        return new AuthorizationResult(decision, resourceDecided ? DecidingPolicy.ResourceBased : DecidingPolicy.IdentityBased);
    }

    /// <summary><c>*</c>, or an ARN whose account is the caller's, or AWS's own (<c>aws</c>, e.g. managed policies).</summary>
    internal static bool IsOwnOrAwsResource(string resource, string accountId) =>
        resource == "*" || (Arns.TryParse(resource, out var arn) && (arn.AccountId == accountId || arn.AccountId == Arns.AwsOwner));
}
