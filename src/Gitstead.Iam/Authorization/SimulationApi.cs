using System.Xml.Linq;
using Gitstead.Aws;
using Gitstead.Iam.Policies;
using Gitstead.Policy;

namespace Gitstead.Iam.Authorization;

/// <summary>IAM's policy simulator: SimulatePrincipalPolicy and SimulateCustomPolicy.</summary>
internal sealed class SimulationApi(SimulationService simulator)
{
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
    public async Task<AwsResult> SimulatePrincipalPolicyAsync(AwsRequestContext ctx)
    {
        var q = ctx.Query;
        var source = q.RequiredString("PolicySourceArn", 20, 2048);
        var page = await simulator.SimulatePrincipalPolicyAsync(ctx.Call, source, q.List("PolicyInputList"), Request(q), q.Page(), ctx.Aborted);
        return Render(page);
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
    public async Task<AwsResult> SimulateCustomPolicyAsync(AwsRequestContext ctx)
    {
        var q = ctx.Query;
        var page = await simulator.SimulateCustomPolicyAsync(ctx.Call, q.List("PolicyInputList"), Request(q), q.Page(), ctx.Aborted);
        return Render(page);
    }

    /// <summary>
    /// The actions, resources, resource policy and context entries. That at least one action
    /// is given is the simulator's check, made after it authorizes the call.
    /// </summary>
    private static SimulationRequest Request(QueryArgs q) => new(
        q.List("ActionNames"),
        q.List("ResourceArns"),
        q.Get("ResourcePolicy"),
        q.Structures("ContextEntries")
            .Where(e => e.Get("ContextKeyName") is not null)
            .Select(e => new SimulationContextEntry(e.Get("ContextKeyName")!, e.List("ContextKeyValues")))
            .ToList());

    private static AwsResult Render(Page<SimulationResult> page) =>
        AwsResult.Xml([QueryXml.Members("EvaluationResults", page.Items.Select(Result)), .. page.PagingElements()]);

    private static XElement Result(SimulationResult r) => QueryXml.E("member",
        QueryXml.E("EvalActionName", r.Action),
        QueryXml.E("EvalResourceName", r.Resource),
        QueryXml.E("EvalDecision", Decision(r.Decision)),
        QueryXml.Members("MatchedStatements", r.Matched.Select(Statement)),
        QueryXml.E("MissingContextValues"),
        QueryXml.E("EvalDecisionDetails"));

    private static XElement Statement(MatchedStatement s) => QueryXml.E("member",
        QueryXml.E("SourcePolicyId", SourceId(s.PolicyId)),
        QueryXml.E("SourcePolicyType", SourceType(s)),
        QueryXml.E("StartPosition", QueryXml.E("Line", s.Statement.StartPosition.Line), QueryXml.E("Column", s.Statement.StartPosition.Column)),
        QueryXml.E("EndPosition", QueryXml.E("Line", s.Statement.EndPosition.Line), QueryXml.E("Column", s.Statement.EndPosition.Column)));

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
        var id when id.StartsWith(PolicyArns.AwsPrefix, StringComparison.Ordinal) => "aws-managed",
        var id when id.StartsWith("arn:", StringComparison.Ordinal) => "user-managed",
        var id when id.StartsWith("user/", StringComparison.Ordinal) => "user",
        var id when id.StartsWith("group/", StringComparison.Ordinal) => "group",
        _ => "none",
    };
}
