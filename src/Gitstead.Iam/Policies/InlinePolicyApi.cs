using Gitstead.Aws;
using Gitstead.Iam.Common;
using static Gitstead.Aws.QueryXml;

namespace Gitstead.Iam.Policies;

/// <summary>
/// Inline policies of users and groups. Resource of every action: the user's or group's ARN.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#inline-policies
/// </summary>
internal sealed class InlinePolicyApi(InlinePolicyService inlinePolicies)
{
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html
    public Task<AwsResult> PutUserPolicyAsync(AwsRequestContext ctx) => PutAsync(ctx, PrincipalKind.User);

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUserPolicy.html
    public Task<AwsResult> GetUserPolicyAsync(AwsRequestContext ctx) => GetAsync(ctx, PrincipalKind.User);

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUserPolicy.html
    public Task<AwsResult> DeleteUserPolicyAsync(AwsRequestContext ctx) => DeleteAsync(ctx, PrincipalKind.User);

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUserPolicies.html
    public Task<AwsResult> ListUserPoliciesAsync(AwsRequestContext ctx) => ListAsync(ctx, PrincipalKind.User);

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutGroupPolicy.html
    public Task<AwsResult> PutGroupPolicyAsync(AwsRequestContext ctx) => PutAsync(ctx, PrincipalKind.Group);

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetGroupPolicy.html
    public Task<AwsResult> GetGroupPolicyAsync(AwsRequestContext ctx) => GetAsync(ctx, PrincipalKind.Group);

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteGroupPolicy.html
    public Task<AwsResult> DeleteGroupPolicyAsync(AwsRequestContext ctx) => DeleteAsync(ctx, PrincipalKind.Group);

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListGroupPolicies.html
    public Task<AwsResult> ListGroupPoliciesAsync(AwsRequestContext ctx) => ListAsync(ctx, PrincipalKind.Group);

    private async Task<AwsResult> PutAsync(AwsRequestContext ctx, PrincipalKind kind)
    {
        var name = PrincipalName(ctx.Query, kind);
        var policyName = PolicyArgs.RequiredPolicyName(ctx.Query);
        var document = PolicyArgs.RequiredDocument(ctx.Query);
        await inlinePolicies.PutAsync(ctx.Call, kind, name, policyName, document, ctx.Aborted);
        return AwsResult.Empty;
    }

    private async Task<AwsResult> GetAsync(AwsRequestContext ctx, PrincipalKind kind)
    {
        var name = PrincipalName(ctx.Query, kind);
        var policyName = PolicyArgs.RequiredPolicyName(ctx.Query);
        var policy = await inlinePolicies.GetAsync(ctx.Call, kind, name, policyName, ctx.Aborted);
        return AwsResult.Xml(
            E(kind == PrincipalKind.User ? "UserName" : "GroupName", policy.PrincipalName),
            E("PolicyName", policy.PolicyName),
            E("PolicyDocument", PolicyDocuments.Encode(policy.Document)));
    }

    private async Task<AwsResult> DeleteAsync(AwsRequestContext ctx, PrincipalKind kind)
    {
        var name = PrincipalName(ctx.Query, kind);
        var policyName = PolicyArgs.RequiredPolicyName(ctx.Query);
        await inlinePolicies.DeleteAsync(ctx.Call, kind, name, policyName, ctx.Aborted);
        return AwsResult.Empty;
    }

    private async Task<AwsResult> ListAsync(AwsRequestContext ctx, PrincipalKind kind)
    {
        var name = PrincipalName(ctx.Query, kind);
        var page = await inlinePolicies.ListAsync(ctx.Call, kind, name, ctx.Query.Page(), ctx.Aborted);
        return AwsResult.Xml([StringMembers("PolicyNames", page.Items), .. page.PagingElements()]);
    }

    /// <summary><c>UserName</c> (<c>existingUserNameType</c>, 1–128) or <c>GroupName</c> (1–128).</summary>
    private static string PrincipalName(QueryArgs args, PrincipalKind kind) => kind == PrincipalKind.User
        ? IamArgs.RequiredExistingUserName(args)
        : IamArgs.RequiredGroupName(args);
}
