using System.Text.Json.Nodes;
using Gitstead.Aws;
using Gitstead.CodeCommit.Templates;
using static Gitstead.Aws.AwsJson;

namespace Gitstead.CodeCommit.Api;

/// <summary>
/// Approval rule templates (botocore <c>codecommit/2015-04-13</c>): Create, Get, List, Delete and
/// the three Updates of a template; (Batch)Associate and (Batch)Disassociate with repositories;
/// ListAssociatedApprovalRuleTemplatesForRepository and ListRepositoriesForApprovalRuleTemplate.
/// Each parses the body, calls <see cref="ApprovalRuleTemplateService"/> and renders the answer.
/// </summary>
internal sealed class ApprovalRuleTemplateApi(ApprovalRuleTemplateService templates)
{
    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_CreateApprovalRuleTemplate.html
    public async Task<AwsResult> CreateApprovalRuleTemplateAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var template = await templates.CreateAsync(ctx.Call, json.String("approvalRuleTemplateName"), json.String("approvalRuleTemplateContent"),
            json.String("approvalRuleTemplateDescription"), ctx.Aborted);
        return Template(template);
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetApprovalRuleTemplate.html
    public async Task<AwsResult> GetApprovalRuleTemplateAsync(AwsRequestContext ctx) =>
        Template(await templates.GetAsync(ctx.Call, ctx.Json.String("approvalRuleTemplateName"), ctx.Aborted));

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_ListApprovalRuleTemplates.html
    public async Task<AwsResult> ListApprovalRuleTemplatesAsync(AwsRequestContext ctx)
    {
        var page = await templates.ListAsync(ctx.Call, Page(ctx), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["approvalRuleTemplateNames"] = Strings(page.Items) }.WithNextToken(page));
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_UpdateApprovalRuleTemplateName.html
    public async Task<AwsResult> UpdateApprovalRuleTemplateNameAsync(AwsRequestContext ctx) =>
        Template(await templates.UpdateNameAsync(ctx.Call, ctx.Json.String("oldApprovalRuleTemplateName"), ctx.Json.String("newApprovalRuleTemplateName"), ctx.Aborted));

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_UpdateApprovalRuleTemplateDescription.html
    public async Task<AwsResult> UpdateApprovalRuleTemplateDescriptionAsync(AwsRequestContext ctx) =>
        Template(await templates.UpdateDescriptionAsync(ctx.Call, ctx.Json.String("approvalRuleTemplateName"), ctx.Json.String("approvalRuleTemplateDescription"), ctx.Aborted));

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_UpdateApprovalRuleTemplateContent.html
    public async Task<AwsResult> UpdateApprovalRuleTemplateContentAsync(AwsRequestContext ctx)
    {
        var json = ctx.Json;
        var template = await templates.UpdateContentAsync(ctx.Call, json.String("approvalRuleTemplateName"), json.String("newRuleContent"),
            json.String("existingRuleContentSha256"), ctx.Aborted);
        return Template(template);
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_DeleteApprovalRuleTemplate.html
    public async Task<AwsResult> DeleteApprovalRuleTemplateAsync(AwsRequestContext ctx)
    {
        var id = await templates.DeleteAsync(ctx.Call, ctx.Json.String("approvalRuleTemplateName"), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["approvalRuleTemplateId"] = id });
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_AssociateApprovalRuleTemplateWithRepository.html
    public async Task<AwsResult> AssociateApprovalRuleTemplateWithRepositoryAsync(AwsRequestContext ctx)
    {
        await templates.AssociateAsync(ctx.Call, ctx.Json.String("approvalRuleTemplateName"), ctx.Json.String("repositoryName"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_DisassociateApprovalRuleTemplateFromRepository.html
    public async Task<AwsResult> DisassociateApprovalRuleTemplateFromRepositoryAsync(AwsRequestContext ctx)
    {
        await templates.DisassociateAsync(ctx.Call, ctx.Json.String("approvalRuleTemplateName"), ctx.Json.String("repositoryName"), ctx.Aborted);
        return AwsResult.Empty;
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_BatchAssociateApprovalRuleTemplateWithRepositories.html
    public async Task<AwsResult> BatchAssociateApprovalRuleTemplateWithRepositoriesAsync(AwsRequestContext ctx)
    {
        var result = await templates.BatchAssociateAsync(ctx.Call, ctx.Json.String("approvalRuleTemplateName"), ctx.Json.StringList("repositoryNames"), ctx.Aborted);
        return Batch(result, "associatedRepositoryNames");
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_BatchDisassociateApprovalRuleTemplateFromRepositories.html
    public async Task<AwsResult> BatchDisassociateApprovalRuleTemplateFromRepositoriesAsync(AwsRequestContext ctx)
    {
        var result = await templates.BatchDisassociateAsync(ctx.Call, ctx.Json.String("approvalRuleTemplateName"), ctx.Json.StringList("repositoryNames"), ctx.Aborted);
        return Batch(result, "disassociatedRepositoryNames");
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_ListAssociatedApprovalRuleTemplatesForRepository.html
    public async Task<AwsResult> ListAssociatedApprovalRuleTemplatesForRepositoryAsync(AwsRequestContext ctx)
    {
        var page = await templates.ListForRepositoryAsync(ctx.Call, ctx.Json.String("repositoryName"), Page(ctx), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["approvalRuleTemplateNames"] = Strings(page.Items) }.WithNextToken(page));
    }

    // https://docs.aws.amazon.com/codecommit/latest/APIReference/API_ListRepositoriesForApprovalRuleTemplate.html
    public async Task<AwsResult> ListRepositoriesForApprovalRuleTemplateAsync(AwsRequestContext ctx)
    {
        var page = await templates.ListRepositoriesAsync(ctx.Call, ctx.Json.String("approvalRuleTemplateName"), Page(ctx), ctx.Aborted);
        return AwsResult.Json(new JsonObject { ["repositoryNames"] = Strings(page.Items) }.WithNextToken(page));
    }

    private static PageRequest Page(AwsRequestContext ctx) =>
        ApprovalRuleTemplateRules.Page(ctx.Json.String("nextToken"), ctx.Json.Int("maxResults"));

    /// <summary><c>ApprovalRuleTemplate</c> inside its operation's output.</summary>
    private static AwsResult Template(ApprovalRuleTemplateInfo template) => AwsResult.Json(new JsonObject
    {
        ["approvalRuleTemplate"] = new JsonObject
        {
            ["approvalRuleTemplateId"] = template.TemplateId,
            ["approvalRuleTemplateName"] = template.Name,
            ["approvalRuleTemplateDescription"] = template.Description,
            ["approvalRuleTemplateContent"] = template.Content,
            ["ruleContentSha256"] = template.ContentSha256,
            ["lastModifiedDate"] = Epoch(template.LastModifiedDate),
            ["creationDate"] = Epoch(template.CreationDate),
            ["lastModifiedUser"] = template.LastModifiedUser,
        },
    });

    /// <summary>The changed names and a <c>Batch…Error</c> per repository left unchanged.</summary>
    private static AwsResult Batch(TemplateBatchResult result, string changedMember) => AwsResult.Json(new JsonObject
    {
        [changedMember] = Strings(result.Changed),
        ["errors"] = new JsonArray([.. result.Errors.Select(e => (JsonNode)new JsonObject
        {
            ["repositoryName"] = e.RepositoryName,
            ["errorCode"] = e.ErrorCode,
            ["errorMessage"] = e.ErrorMessage,
        })]),
    });
}
