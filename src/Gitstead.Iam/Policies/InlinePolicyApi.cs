using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Groups;
using Gitstead.Iam.Users;
using static Gitstead.Aws.QueryXml;

namespace Gitstead.Iam.Policies;

/// <summary>
/// Inline policies of users and groups. Resource of every action: the user's or group's ARN.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#inline-policies
/// </summary>
internal sealed class InlinePolicyApi(InlinePolicyService service)
{
    public Task<AwsResult> PutUserPolicyAsync(AwsRequestContext ctx) => PutAsync(ctx, PrincipalTypes.User, "iam:PutUserPolicy");

    public Task<AwsResult> GetUserPolicyAsync(AwsRequestContext ctx) => GetAsync(ctx, PrincipalTypes.User, "iam:GetUserPolicy");

    public Task<AwsResult> DeleteUserPolicyAsync(AwsRequestContext ctx) => DeleteAsync(ctx, PrincipalTypes.User, "iam:DeleteUserPolicy");

    public Task<AwsResult> ListUserPoliciesAsync(AwsRequestContext ctx) => ListAsync(ctx, PrincipalTypes.User, "iam:ListUserPolicies");

    public Task<AwsResult> PutGroupPolicyAsync(AwsRequestContext ctx) => PutAsync(ctx, PrincipalTypes.Group, "iam:PutGroupPolicy");

    public Task<AwsResult> GetGroupPolicyAsync(AwsRequestContext ctx) => GetAsync(ctx, PrincipalTypes.Group, "iam:GetGroupPolicy");

    public Task<AwsResult> DeleteGroupPolicyAsync(AwsRequestContext ctx) => DeleteAsync(ctx, PrincipalTypes.Group, "iam:DeleteGroupPolicy");

    public Task<AwsResult> ListGroupPoliciesAsync(AwsRequestContext ctx) => ListAsync(ctx, PrincipalTypes.Group, "iam:ListGroupPolicies");

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutGroupPolicy.html
    private async Task<AwsResult> PutAsync(AwsRequestContext ctx, string type, string action)
    {
        var name = PrincipalName(ctx.Query, type);
        var policyName = PolicyArgs.RequiredPolicyName(ctx.Query);
        var document = PolicyArgs.RequiredDocument(ctx.Query);
        await service.PutAsync(ctx.Caller.AccountId, type, name, policyName, document, ctx.Permission(action), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUserPolicy.html
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetGroupPolicy.html
    private async Task<AwsResult> GetAsync(AwsRequestContext ctx, string type, string action)
    {
        var name = PrincipalName(ctx.Query, type);
        var policyName = PolicyArgs.RequiredPolicyName(ctx.Query);
        var (principal, policy) = await service.GetAsync(ctx.Caller.AccountId, type, name, policyName, ctx.Permission(action), ctx.Aborted);
        return AwsResult.Xml(
            E(NameElement(type), principal.Name),
            E("PolicyName", policy.PolicyName),
            E("PolicyDocument", PolicyDocuments.Encode(policy.Document)));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUserPolicy.html
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteGroupPolicy.html
    private async Task<AwsResult> DeleteAsync(AwsRequestContext ctx, string type, string action)
    {
        var name = PrincipalName(ctx.Query, type);
        var policyName = PolicyArgs.RequiredPolicyName(ctx.Query);
        await service.DeleteAsync(ctx.Caller.AccountId, type, name, policyName, ctx.Permission(action), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUserPolicies.html
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListGroupPolicies.html
    private async Task<AwsResult> ListAsync(AwsRequestContext ctx, string type, string action)
    {
        var name = PrincipalName(ctx.Query, type);
        Paging.Read(ctx.Query);
        var page = await service.ListAsync(ctx.Caller.AccountId, type, name, ctx.Query, ctx.Permission(action), ctx.Aborted);
        return AwsResult.Xml([StringMembers("PolicyNames", page.Items), .. page.PagingElements()]);
    }

    /// <summary><c>UserName</c> (<c>existingUserNameType</c>, 1–128) or <c>GroupName</c> (1–128).</summary>
    private static string PrincipalName(QueryArgs args, string type) => type == PrincipalTypes.User
        ? GroupInput.RequiredExistingUserName(args)
        : GroupInput.RequiredGroupName(args);

    private static string NameElement(string type) => type == PrincipalTypes.User ? "UserName" : "GroupName";
}
