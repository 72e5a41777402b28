using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Groups;
using Gitstead.Iam.Users;
using static Gitstead.Aws.QueryXml;

namespace Gitstead.Iam.Policies;

/// <summary>
/// Managed policies attached to users and groups. Resource of every action: the user's or
/// group's ARN; attach and detach also carry the <c>iam:PolicyARN</c> condition key.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_manage-attach-detach.html
/// </summary>
internal sealed class AttachmentApi(AttachmentService service)
{
    public Task<AwsResult> AttachUserPolicyAsync(AwsRequestContext ctx) => AttachAsync(ctx, PrincipalTypes.User, "iam:AttachUserPolicy");

    public Task<AwsResult> DetachUserPolicyAsync(AwsRequestContext ctx) => DetachAsync(ctx, PrincipalTypes.User, "iam:DetachUserPolicy");

    public Task<AwsResult> ListAttachedUserPoliciesAsync(AwsRequestContext ctx) => ListAsync(ctx, PrincipalTypes.User, "iam:ListAttachedUserPolicies");

    public Task<AwsResult> AttachGroupPolicyAsync(AwsRequestContext ctx) => AttachAsync(ctx, PrincipalTypes.Group, "iam:AttachGroupPolicy");

    public Task<AwsResult> DetachGroupPolicyAsync(AwsRequestContext ctx) => DetachAsync(ctx, PrincipalTypes.Group, "iam:DetachGroupPolicy");

    public Task<AwsResult> ListAttachedGroupPoliciesAsync(AwsRequestContext ctx) => ListAsync(ctx, PrincipalTypes.Group, "iam:ListAttachedGroupPolicies");

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachGroupPolicy.html
    private async Task<AwsResult> AttachAsync(AwsRequestContext ctx, string type, string action)
    {
        var name = PrincipalName(ctx.Query, type);
        var arn = PolicyArgs.RequiredPolicyArn(ctx.Query);
        await service.AttachAsync(ctx.Caller.AccountId, type, name, arn, ctx.Permission(action, PolicyArnCondition(arn)), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachUserPolicy.html
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachGroupPolicy.html
    private async Task<AwsResult> DetachAsync(AwsRequestContext ctx, string type, string action)
    {
        var name = PrincipalName(ctx.Query, type);
        var arn = PolicyArgs.RequiredPolicyArn(ctx.Query);
        await service.DetachAsync(ctx.Caller.AccountId, type, name, arn, ctx.Permission(action, PolicyArnCondition(arn)), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedUserPolicies.html
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedGroupPolicies.html
    private async Task<AwsResult> ListAsync(AwsRequestContext ctx, string type, string action)
    {
        var name = PrincipalName(ctx.Query, type);
        var pathPrefix = PolicyArgs.PolicyPathOrRoot(ctx.Query, "PathPrefix");
        Paging.Read(ctx.Query);
        var page = await service.ListAsync(ctx.Caller.AccountId, type, name, pathPrefix, ctx.Query, ctx.Permission(action), ctx.Aborted);
        var members = page.Items.Select(p => E("AttachedPolicy", E("PolicyName", p.PolicyName), E("PolicyArn", p.PolicyArn)));
        return AwsResult.Xml([Members("AttachedPolicies", members), .. page.PagingElements()]);
    }

    /// <summary><c>UserName</c> (<c>userNameType</c>, 1–64) or <c>GroupName</c> (1–128).</summary>
    private static string PrincipalName(QueryArgs args, string type) => type == PrincipalTypes.User
        ? args.RequiredString("UserName", 1, 64, IamPatterns.UserName)
        : GroupInput.RequiredGroupName(args);

    private static Dictionary<string, IReadOnlyList<string>> PolicyArnCondition(string arn) => new() { ["iam:PolicyARN"] = [arn] };
}
