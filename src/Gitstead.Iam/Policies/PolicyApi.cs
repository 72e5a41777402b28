using Gitstead.Aws;
using Gitstead.Iam.Common;
using Gitstead.Iam.Users;
using static Gitstead.Aws.QueryXml;

namespace Gitstead.Iam.Policies;

/// <summary>
/// Managed policies and their versions. Resource of every action but ListPolicies: the
/// policy's ARN (<c>arn:aws:iam::ACCT:policy/PATH/NAME</c>, or <c>arn:aws:iam::aws:policy/NAME</c>).
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
/// </summary>
internal sealed class PolicyApi(ManagedPolicyService policies, PolicyVersionService versions, PolicyListService listings)
{
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html
    public async Task<AwsResult> CreatePolicyAsync(AwsRequestContext ctx)
    {
        var request = new NewPolicy(
            PolicyArgs.RequiredPolicyName(ctx.Query),
            PolicyArgs.PolicyPathOrRoot(ctx.Query, "Path"),
            PolicyArgs.RequiredDocument(ctx.Query),
            ctx.Query.String("Description", 0, 1000),
            UserTags.Parse(ctx.Query) ?? []);
        var policy = await policies.CreateAsync(ctx.Call, request, ctx.Aborted);
        return AwsResult.Xml(PolicyXml.Policy(policy, detailed: true));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicy.html
    public async Task<AwsResult> GetPolicyAsync(AwsRequestContext ctx)
    {
        var arn = PolicyArgs.RequiredPolicyArn(ctx.Query);
        var policy = await policies.GetAsync(ctx.Call, arn, ctx.Aborted);
        return AwsResult.Xml(PolicyXml.Policy(policy, detailed: true));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicy.html
    public async Task<AwsResult> DeletePolicyAsync(AwsRequestContext ctx)
    {
        var arn = PolicyArgs.RequiredPolicyArn(ctx.Query);
        await policies.DeleteAsync(ctx.Call, arn, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicies.html
    public async Task<AwsResult> ListPoliciesAsync(AwsRequestContext ctx)
    {
        var filter = new PolicyFilter(
            ctx.Query.Enum("Scope", "All", "AWS", "Local") ?? "All",
            ctx.Query.Bool("OnlyAttached") ?? false,
            PolicyArgs.PolicyPathOrRoot(ctx.Query, "PathPrefix"),
            PolicyArgs.UsageFilter(ctx.Query));
        var page = await listings.ListPoliciesAsync(ctx.Call, filter, ctx.Query.Page(), ctx.Aborted);
        return AwsResult.Xml([Members("Policies", page.Items.Select(p => PolicyXml.Policy(p, detailed: false))), .. page.PagingElements()]);
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListEntitiesForPolicy.html
    public async Task<AwsResult> ListEntitiesForPolicyAsync(AwsRequestContext ctx)
    {
        var arn = PolicyArgs.RequiredPolicyArn(ctx.Query);
        var entityFilter = ctx.Query.Enum("EntityFilter", "User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy");
        var pathPrefix = PolicyArgs.EntityPathPrefix(ctx.Query);
        var usage = PolicyArgs.UsageFilter(ctx.Query);
        var page = await listings.ListEntitiesAsync(ctx.Call, arn, entityFilter, pathPrefix, usage, ctx.Query.Page(), ctx.Aborted);
        return AwsResult.Xml(
        [
            Members("PolicyGroups", page.Items.Where(e => e.Kind == PrincipalKind.Group).Select(e => E("PolicyGroup", E("GroupName", e.Name), E("GroupId", e.Id)))),
            Members("PolicyUsers", page.Items.Where(e => e.Kind == PrincipalKind.User).Select(e => E("PolicyUser", E("UserName", e.Name), E("UserId", e.Id)))),
            E("PolicyRoles"),
            .. page.PagingElements(),
        ]);
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
    public async Task<AwsResult> CreatePolicyVersionAsync(AwsRequestContext ctx)
    {
        var arn = PolicyArgs.RequiredPolicyArn(ctx.Query);
        var document = PolicyArgs.RequiredDocument(ctx.Query);
        var setAsDefault = ctx.Query.Bool("SetAsDefault") ?? false;
        var version = await versions.CreateAsync(ctx.Call, arn, document, setAsDefault, ctx.Aborted);
        return AwsResult.Xml(PolicyXml.Version(version));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html
    public async Task<AwsResult> GetPolicyVersionAsync(AwsRequestContext ctx)
    {
        var arn = PolicyArgs.RequiredPolicyArn(ctx.Query);
        var versionId = PolicyArgs.RequiredVersionId(ctx.Query);
        var version = await versions.GetAsync(ctx.Call, arn, versionId, ctx.Aborted);
        return AwsResult.Xml(PolicyXml.Version(version));
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicyVersions.html
    public async Task<AwsResult> ListPolicyVersionsAsync(AwsRequestContext ctx)
    {
        var arn = PolicyArgs.RequiredPolicyArn(ctx.Query);
        var page = await versions.ListAsync(ctx.Call, arn, ctx.Query.Page(), ctx.Aborted);
        return AwsResult.Xml([Members("Versions", page.Items.Select(PolicyXml.Version)), .. page.PagingElements()]);
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html
    public async Task<AwsResult> SetDefaultPolicyVersionAsync(AwsRequestContext ctx)
    {
        var arn = PolicyArgs.RequiredPolicyArn(ctx.Query);
        var versionId = PolicyArgs.RequiredVersionId(ctx.Query);
        await versions.SetDefaultAsync(ctx.Call, arn, versionId, ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicyVersion.html
    public async Task<AwsResult> DeletePolicyVersionAsync(AwsRequestContext ctx)
    {
        var arn = PolicyArgs.RequiredPolicyArn(ctx.Query);
        var versionId = PolicyArgs.RequiredVersionId(ctx.Query);
        await versions.DeleteAsync(ctx.Call, arn, versionId, ctx.Aborted);
        return AwsResult.Empty;
    }
}
