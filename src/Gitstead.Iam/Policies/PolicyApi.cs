using Gitstead.Aws;
using Gitstead.Iam.Api;
using Gitstead.Iam.Common;
using Gitstead.Iam.Users;
using static Gitstead.Aws.QueryXml;

namespace Gitstead.Iam.Policies;

/// <summary>
/// Managed policies and their versions. Resource of every action but ListPolicies: the
/// policy's ARN (<c>arn:aws:iam::ACCT:policy/PATH/NAME</c>, or <c>arn:aws:iam::aws:policy/NAME</c>).
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
/// </summary>
internal sealed class PolicyApi(ManagedPolicyService policies, PolicyVersionService versions, PolicyListService listings) : IOperationGroup
{
    public string Service => "iam";

    public IEnumerable<KeyValuePair<string, AwsOperationHandler>> Operations =>
    [
        new("CreatePolicy", CreateAsync),
        new("GetPolicy", GetAsync),
        new("DeletePolicy", DeleteAsync),
        new("ListPolicies", ListAsync),
        new("ListEntitiesForPolicy", ListEntitiesAsync),
        new("CreatePolicyVersion", CreateVersionAsync),
        new("GetPolicyVersion", GetVersionAsync),
        new("ListPolicyVersions", ListVersionsAsync),
        new("SetDefaultPolicyVersion", SetDefaultVersionAsync),
        new("DeletePolicyVersion", DeleteVersionAsync),
    ];

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html
    private async Task<AwsResult> CreateAsync(AwsRequestContext ctx)
    {
        var request = new NewPolicy(
            PolicyArgs.RequiredPolicyName(ctx.Query),
            PolicyArgs.PolicyPathOrRoot(ctx.Query, "Path"),
            PolicyArgs.RequiredDocument(ctx.Query),
            ctx.Query.String("Description", 0, 1000),
            UserTags.Parse(ctx.Query) ?? []);
        var check = ctx.Check("iam:CreatePolicy", UserTags.RequestConditions(request.Tags));
        var policy = await policies.CreateAsync(ctx.Caller.AccountId, request, check, ctx.Aborted);
        return AwsResult.Xml(PolicyXml.Policy(policy, detailed: true));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicy.html
    private async Task<AwsResult> GetAsync(AwsRequestContext ctx)
    {
        var arn = PolicyArgs.RequiredPolicyArn(ctx.Query);
        var policy = await policies.GetAsync(ctx.Caller.AccountId, arn, ctx.Check("iam:GetPolicy"), ctx.Aborted);
        return AwsResult.Xml(PolicyXml.Policy(policy, detailed: true));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicy.html
    private async Task<AwsResult> DeleteAsync(AwsRequestContext ctx)
    {
        var arn = PolicyArgs.RequiredPolicyArn(ctx.Query);
        await policies.DeleteAsync(ctx.Caller.AccountId, arn, ChangeCheck(ctx, "iam:DeletePolicy"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicies.html
    private async Task<AwsResult> ListAsync(AwsRequestContext ctx)
    {
        var filter = new PolicyFilter(
            ctx.Query.Enum("Scope", "All", "AWS", "Local") ?? "All",
            ctx.Query.Bool("OnlyAttached") ?? false,
            PolicyArgs.PolicyPathOrRoot(ctx.Query, "PathPrefix"),
            PolicyArgs.UsageFilter(ctx.Query));
        Paging.Read(ctx.Query);
        await ctx.AuthorizeAsync("iam:ListPolicies", Arns.Policy(ctx.Caller.AccountId, filter.PathPrefix, ""));
        var page = await listings.ListPoliciesAsync(ctx.Caller.AccountId, filter, ctx.Query, ctx.Aborted);
        return AwsResult.Xml([Members("Policies", page.Items.Select(p => PolicyXml.Policy(p, detailed: false))), .. page.PagingElements()]);
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListEntitiesForPolicy.html
    private async Task<AwsResult> ListEntitiesAsync(AwsRequestContext ctx)
    {
        var arn = PolicyArgs.RequiredPolicyArn(ctx.Query);
        var entityFilter = ctx.Query.Enum("EntityFilter", "User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy");
        var pathPrefix = PolicyArgs.EntityPathPrefix(ctx.Query);
        var usage = PolicyArgs.UsageFilter(ctx.Query);
        Paging.Read(ctx.Query);
        var page = await listings.ListEntitiesAsync(
            ctx.Caller.AccountId, arn, entityFilter, pathPrefix, usage, ctx.Query, ctx.Check("iam:ListEntitiesForPolicy"), ctx.Aborted);
        return AwsResult.Xml(
        [
            Members("PolicyGroups", page.Items.Where(e => e.Type == PrincipalTypes.Group).Select(e => E("PolicyGroup", E("GroupName", e.Name), E("GroupId", e.Id)))),
            Members("PolicyUsers", page.Items.Where(e => e.Type == PrincipalTypes.User).Select(e => E("PolicyUser", E("UserName", e.Name), E("UserId", e.Id)))),
            E("PolicyRoles"),
            .. page.PagingElements(),
        ]);
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
    private async Task<AwsResult> CreateVersionAsync(AwsRequestContext ctx)
    {
        var arn = PolicyArgs.RequiredPolicyArn(ctx.Query);
        var document = PolicyArgs.RequiredDocument(ctx.Query);
        var setAsDefault = ctx.Query.Bool("SetAsDefault") ?? false;
        var version = await versions.CreateAsync(ctx.Caller.AccountId, arn, document, setAsDefault, ChangeCheck(ctx, "iam:CreatePolicyVersion"), ctx.Aborted);
        return AwsResult.Xml(PolicyXml.Version(version));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html
    private async Task<AwsResult> GetVersionAsync(AwsRequestContext ctx)
    {
        var arn = PolicyArgs.RequiredPolicyArn(ctx.Query);
        var versionId = PolicyArgs.RequiredVersionId(ctx.Query);
        var version = await versions.GetAsync(ctx.Caller.AccountId, arn, versionId, ctx.Check("iam:GetPolicyVersion"), ctx.Aborted);
        return AwsResult.Xml(PolicyXml.Version(version));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicyVersions.html
    private async Task<AwsResult> ListVersionsAsync(AwsRequestContext ctx)
    {
        var arn = PolicyArgs.RequiredPolicyArn(ctx.Query);
        Paging.Read(ctx.Query);
        var page = await versions.ListAsync(ctx.Caller.AccountId, arn, ctx.Query, ctx.Check("iam:ListPolicyVersions"), ctx.Aborted);
        return AwsResult.Xml([Members("Versions", page.Items.Select(PolicyXml.Version)), .. page.PagingElements()]);
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html
    private async Task<AwsResult> SetDefaultVersionAsync(AwsRequestContext ctx)
    {
        var arn = PolicyArgs.RequiredPolicyArn(ctx.Query);
        var versionId = PolicyArgs.RequiredVersionId(ctx.Query);
        await versions.SetDefaultAsync(ctx.Caller.AccountId, arn, versionId, ChangeCheck(ctx, "iam:SetDefaultPolicyVersion"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicyVersion.html
    private async Task<AwsResult> DeleteVersionAsync(AwsRequestContext ctx)
    {
        var arn = PolicyArgs.RequiredPolicyArn(ctx.Query);
        var versionId = PolicyArgs.RequiredVersionId(ctx.Query);
        await versions.DeleteAsync(ctx.Caller.AccountId, arn, versionId, ChangeCheck(ctx, "iam:DeletePolicyVersion"), ctx.Aborted);
        return AwsResult.Empty;
    }

    /// <summary>
    /// The check of an action that changes a policy. AWS managed policies belong to AWS: no
    /// identity-based policy can allow changing them, so they are denied implicitly, as in AWS.
    /// </summary>
    private static ResourceCheck ChangeCheck(AwsRequestContext ctx, string action) => arn =>
        arn.StartsWith(PolicyArns.AwsPrefix, StringComparison.Ordinal)
            ? throw new AccessDeniedException(ctx.Caller, action, arn, new AuthorizationResult(AuthorizationDecision.ImplicitDeny))
            : ctx.AuthorizeAsync(action, arn);
}
