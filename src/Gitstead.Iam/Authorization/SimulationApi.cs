using System.Xml.Linq;
using Gitstead.Aws;
using Gitstead.Iam.Api;
using Gitstead.Iam.Common;
using Gitstead.Policy;

namespace Gitstead.Iam.Authorization;

/// <summary>IAM's policy simulator: SimulatePrincipalPolicy and SimulateCustomPolicy.</summary>
internal sealed class SimulationApi(SimulationService simulator) : IOperationGroup
{
    public string Service => "iam";

    public IEnumerable<KeyValuePair<string, AwsOperationHandler>> Operations =>
    [
        new("SimulatePrincipalPolicy", SimulatePrincipalPolicyAsync),
        new("SimulateCustomPolicy", SimulateCustomPolicyAsync),
    ];

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
    private async Task<AwsResult> SimulatePrincipalPolicyAsync(AwsRequestContext ctx)
    {
        var q = ctx.Query;
        var source = q.RequiredString("PolicySourceArn", 20, 2048);
        await ctx.AuthorizeAsync("iam:SimulatePrincipalPolicy", source);
        var results = await simulator.SimulatePrincipalAsync(
            ctx.Caller.AccountId, source, q.List("PolicyInputList"), Actions(q), q.List("ResourceArns"),
            q.Get("ResourcePolicy"), Context(q), ctx.Aborted);
        return Render(results, q);
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
    private async Task<AwsResult> SimulateCustomPolicyAsync(AwsRequestContext ctx)
    {
        var q = ctx.Query;
        await ctx.AuthorizeAsync("iam:SimulateCustomPolicy", "*");
        var policies = q.List("PolicyInputList");
        if (policies.Count == 0)
        {
            throw Validation.Error("Value null at 'policyInputList' failed to satisfy constraint: Member must not be null");
        }

        var results = simulator.SimulateCustom(ctx.Caller, policies, Actions(q), q.List("ResourceArns"), q.Get("ResourcePolicy"), Context(q));
        return Render(results, q);
    }

    private static IReadOnlyList<string> Actions(QueryArgs q)
    {
        var actions = q.List("ActionNames");
        return actions.Count > 0 ? actions : throw Validation.Error("Value null at 'actionNames' failed to satisfy constraint: Member must not be null");
    }

    private static List<SimulationContextEntry> Context(QueryArgs q) =>
        q.Structures("ContextEntries")
            .Where(e => e.Get("ContextKeyName") is not null)
            .Select(e => new SimulationContextEntry(e.Get("ContextKeyName")!, e.List("ContextKeyValues")))
            .ToList();

    private static AwsResult Render(IReadOnlyList<SimulationResult> results, QueryArgs q)
    {
        var indexed = results.Select((r, i) => (Key: i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), Result: r));
        var page = Paging.PageList(indexed, r => r.Key, q);
        var members = page.Items.Select(r => Result(r.Result));
        return AwsResult.Xml([IamXml.Members("EvaluationResults", members), .. page.PagingElements()]);
    }

    private static XElement Result(SimulationResult r) => IamXml.E("member",
        IamXml.E("EvalActionName", r.Action),
        IamXml.E("EvalResourceName", r.Resource),
        IamXml.E("EvalDecision", Decision(r.Decision)),
        IamXml.Members("MatchedStatements", r.Matched.Select(Statement)),
        IamXml.E("MissingContextValues"),
        IamXml.E("EvalDecisionDetails"));

    private static XElement Statement(MatchedStatement s) => IamXml.E("member",
        IamXml.E("SourcePolicyId", SourceId(s.PolicyId)),
        IamXml.E("SourcePolicyType", SourceType(s)),
        IamXml.E("StartPosition", IamXml.E("Line", s.Statement.StartPosition.Line), IamXml.E("Column", s.Statement.StartPosition.Column)),
        IamXml.E("EndPosition", IamXml.E("Line", s.Statement.EndPosition.Line), IamXml.E("Column", s.Statement.EndPosition.Column)));

    private static string Decision(PolicyDecision decision) => decision switch
    {
        PolicyDecision.Allow => "allowed",
        PolicyDecision.ExplicitDeny => "explicitDeny",
        _ => "implicitDeny",
    };

    /// <summary>Inline policies are named by their policy name, managed ones by theirs, input policies by position.</summary>
    private static string SourceId(string policyId) =>
        policyId.StartsWith("arn:", StringComparison.Ordinal) || policyId.Contains("/inline/", StringComparison.Ordinal)
            ? policyId[(policyId.LastIndexOf('/') + 1)..]
            : policyId;

    private static string SourceType(MatchedStatement s) => s.PolicyId switch
    {
        _ when s.Source == PolicySource.Resource => "resource",
        var id when id.StartsWith("arn:aws:iam::aws:", StringComparison.Ordinal) => "aws-managed",
        var id when id.StartsWith("arn:", StringComparison.Ordinal) => "user-managed",
        var id when id.StartsWith("user/", StringComparison.Ordinal) => "user",
        var id when id.StartsWith("group/", StringComparison.Ordinal) => "group",
        _ => "none",
    };
}
