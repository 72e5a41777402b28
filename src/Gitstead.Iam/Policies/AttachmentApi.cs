using Gitstead.Aws;
using Gitstead.Iam.Common;
using static Gitstead.Aws.QueryXml;

namespace Gitstead.Iam.Policies;

/// <summary>
/// Managed policies attached to users and groups. Resource of every action: the user's or
/// group's ARN; attach and detach also carry the <c>iam:PolicyARN</c> condition key.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_manage-attach-detach.html
/// </summary>
internal sealed class AttachmentApi(AttachmentService attachments)
{
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html
    public Task<AwsResult> AttachUserPolicyAsync(AwsRequestContext ctx) => AttachAsync(ctx, PrincipalKind.User);

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachUserPolicy.html
    public Task<AwsResult> DetachUserPolicyAsync(AwsRequestContext ctx) => DetachAsync(ctx, PrincipalKind.User);

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedUserPolicies.html
    public Task<AwsResult> ListAttachedUserPoliciesAsync(AwsRequestContext ctx) => ListAsync(ctx, PrincipalKind.User);

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachGroupPolicy.html
    public Task<AwsResult> AttachGroupPolicyAsync(AwsRequestContext ctx) => AttachAsync(ctx, PrincipalKind.Group);

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachGroupPolicy.html
    public Task<AwsResult> DetachGroupPolicyAsync(AwsRequestContext ctx) => DetachAsync(ctx, PrincipalKind.Group);

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedGroupPolicies.html
    public Task<AwsResult> ListAttachedGroupPoliciesAsync(AwsRequestContext ctx) => ListAsync(ctx, PrincipalKind.Group);

    private async Task<AwsResult> AttachAsync(AwsRequestContext ctx, PrincipalKind kind)
    {
        var name = PrincipalName(ctx.Query, kind);
        var arn = PolicyArgs.RequiredPolicyArn(ctx.Query);
        await attachments.AttachAsync(ctx.Call, kind, name, arn, ctx.Aborted);
        return AwsResult.Empty;
    }

    private async Task<AwsResult> DetachAsync(AwsRequestContext ctx, PrincipalKind kind)
    {
        var name = PrincipalName(ctx.Query, kind);
        var arn = PolicyArgs.RequiredPolicyArn(ctx.Query);
        await attachments.DetachAsync(ctx.Call, kind, name, arn, ctx.Aborted);
        return AwsResult.Empty;
    }

    private async Task<AwsResult> ListAsync(AwsRequestContext ctx, PrincipalKind kind)
    {
        var name = PrincipalName(ctx.Query, kind);
        var pathPrefix = PolicyArgs.PolicyPathOrRoot(ctx.Query, "PathPrefix");
        var page = await attachments.ListAsync(ctx.Call, kind, name, pathPrefix, ctx.Query.Page(), ctx.Aborted);
        var members = page.Items.Select(p => E("AttachedPolicy", E("PolicyName", p.PolicyName), E("PolicyArn", p.PolicyArn)));
        return AwsResult.Xml([Members("AttachedPolicies", members), .. page.PagingElements()]);
    }

    /// <summary><c>UserName</c> (<c>userNameType</c>, 1–64) or <c>GroupName</c> (1–128).</summary>
    private static string PrincipalName(QueryArgs args, PrincipalKind kind) => kind == PrincipalKind.User
        ? IamArgs.RequiredUserName(args)
        : IamArgs.RequiredGroupName(args);
}
