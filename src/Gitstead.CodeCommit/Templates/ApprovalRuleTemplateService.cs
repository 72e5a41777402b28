using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using Gitstead.Storage.Entities;

namespace Gitstead.CodeCommit.Templates;

/// <summary>
/// Approval rule templates of an account in a region, and their associations with repositories.
/// Each method checks its input (<see cref="ApprovalRuleTemplateRules"/>), authorizes its own
/// action, then acts. Resources, as the CodeCommit permissions reference gives them: Create and
/// ListApprovalRuleTemplates on <c>*</c>; the operations on one template (Get, the three Updates,
/// Delete, ListRepositoriesForApprovalRuleTemplate) on <c>arn:aws:codecommit:REGION:ACCOUNT:*</c>;
/// the (batch) associations and ListAssociatedApprovalRuleTemplatesForRepository on each
/// repository's ARN, checked before anything tells whether the repository or template exists.
/// </summary>
public sealed class ApprovalRuleTemplateService
{
    private readonly ApprovalRuleTemplateStore _store;
    private readonly RepositoryStore _repositories;
    private readonly IAuthorizer _authorizer;

    internal ApprovalRuleTemplateService(ApprovalRuleTemplateStore store, RepositoryStore repositories, IAuthorizer authorizer)
    {
        _store = store;
        _repositories = repositories;
        _authorizer = authorizer;
    }

    /// <summary>CreateApprovalRuleTemplate: <c>codecommit:CreateApprovalRuleTemplate</c> on <c>*</c>.</summary>
    public async Task<ApprovalRuleTemplateInfo> CreateAsync(CallContext call, string? name, string? content, string? description, CancellationToken ct)
    {
        var validName = ApprovalRuleTemplateRules.Name(name);
        var validContent = ApprovalRuleTemplateRules.Content(content);
        var validDescription = ApprovalRuleTemplateRules.Description(description);
        await _authorizer.RequireAsync(call, "codecommit:CreateApprovalRuleTemplate", "*", ct);
        return Info(await _store.CreateAsync(call.AccountId, call.Region, validName, validDescription, validContent, call.Caller.Arn, ct));
    }

    /// <summary>GetApprovalRuleTemplate: <c>codecommit:GetApprovalRuleTemplate</c>.</summary>
    public async Task<ApprovalRuleTemplateInfo> GetAsync(CallContext call, string? name, CancellationToken ct)
    {
        var validName = ApprovalRuleTemplateRules.Name(name);
        await AuthorizeOnTemplatesAsync(call, "codecommit:GetApprovalRuleTemplate", ct);
        return Info(await _store.RequireAsync(call.AccountId, call.Region, validName, ct));
    }

    /// <summary>ListApprovalRuleTemplates: <c>codecommit:ListApprovalRuleTemplates</c> on <c>*</c>; names in name order.</summary>
    public async Task<Page<string>> ListAsync(CallContext call, PageRequest page, CancellationToken ct)
    {
        await _authorizer.RequireAsync(call, "codecommit:ListApprovalRuleTemplates", "*", ct);
        return await _store.ListAsync(call.AccountId, call.Region, page, ct);
    }

    /// <summary>UpdateApprovalRuleTemplateName: <c>codecommit:UpdateApprovalRuleTemplateName</c>.</summary>
    public async Task<ApprovalRuleTemplateInfo> UpdateNameAsync(CallContext call, string? oldName, string? newName, CancellationToken ct)
    {
        var validOld = ApprovalRuleTemplateRules.Name(oldName);
        var validNew = ApprovalRuleTemplateRules.Name(newName);
        await AuthorizeOnTemplatesAsync(call, "codecommit:UpdateApprovalRuleTemplateName", ct);
        return Info(await _store.RenameAsync(call.AccountId, call.Region, validOld, validNew, call.Caller.Arn, ct));
    }

    /// <summary>UpdateApprovalRuleTemplateDescription: <c>codecommit:UpdateApprovalRuleTemplateDescription</c>; an empty description clears it.</summary>
    public async Task<ApprovalRuleTemplateInfo> UpdateDescriptionAsync(CallContext call, string? name, string? description, CancellationToken ct)
    {
        var validName = ApprovalRuleTemplateRules.Name(name);
        var validDescription = ApprovalRuleTemplateRules.RequiredDescription(description);
        await AuthorizeOnTemplatesAsync(call, "codecommit:UpdateApprovalRuleTemplateDescription", ct);
        return Info(await _store.UpdateDescriptionAsync(call.AccountId, call.Region, validName, validDescription, call.Caller.Arn, ct));
    }

    /// <summary>
    /// UpdateApprovalRuleTemplateContent: <c>codecommit:UpdateApprovalRuleTemplateContent</c>. With
    /// <paramref name="existingRuleContentSha256"/>, only if that is still the content's hash.
    /// </summary>
    public async Task<ApprovalRuleTemplateInfo> UpdateContentAsync(CallContext call, string? name, string? newContent, string? existingRuleContentSha256, CancellationToken ct)
    {
        var validName = ApprovalRuleTemplateRules.Name(name);
        var validContent = ApprovalRuleTemplateRules.Content(newContent);
        await AuthorizeOnTemplatesAsync(call, "codecommit:UpdateApprovalRuleTemplateContent", ct);
        var expected = string.IsNullOrEmpty(existingRuleContentSha256) ? null : existingRuleContentSha256;
        return Info(await _store.UpdateContentAsync(call.AccountId, call.Region, validName, validContent, expected, call.Caller.Arn, ct));
    }

    /// <summary>DeleteApprovalRuleTemplate: <c>codecommit:DeleteApprovalRuleTemplate</c>; ApprovalRuleTemplateInUseException while associated. Returns the template id.</summary>
    public async Task<string> DeleteAsync(CallContext call, string? name, CancellationToken ct)
    {
        var validName = ApprovalRuleTemplateRules.Name(name);
        await AuthorizeOnTemplatesAsync(call, "codecommit:DeleteApprovalRuleTemplate", ct);
        return await _store.DeleteAsync(call.AccountId, call.Region, validName, ct);
    }

    /// <summary>AssociateApprovalRuleTemplateWithRepository: <c>codecommit:AssociateApprovalRuleTemplateWithRepository</c> on the repository.</summary>
    public async Task AssociateAsync(CallContext call, string? templateName, string? repositoryName, CancellationToken ct)
    {
        var validTemplate = ApprovalRuleTemplateRules.Name(templateName);
        var validRepository = RepositoryRules.Name(repositoryName);
        await _authorizer.RequireAsync(call, "codecommit:AssociateApprovalRuleTemplateWithRepository", RepositoryService.Arn(call, validRepository), ct);
        var template = await _store.RequireAsync(call.AccountId, call.Region, validTemplate, ct);
        var repository = await _repositories.RequireAsync(call.AccountId, call.Region, validRepository, ct);
        await _store.AssociateAsync(template, repository.Key, repository.Name, ct);
    }

    /// <summary>DisassociateApprovalRuleTemplateFromRepository: <c>codecommit:DisassociateApprovalRuleTemplateFromRepository</c> on the repository.</summary>
    public async Task DisassociateAsync(CallContext call, string? templateName, string? repositoryName, CancellationToken ct)
    {
        var validTemplate = ApprovalRuleTemplateRules.Name(templateName);
        var validRepository = RepositoryRules.Name(repositoryName);
        await _authorizer.RequireAsync(call, "codecommit:DisassociateApprovalRuleTemplateFromRepository", RepositoryService.Arn(call, validRepository), ct);
        var template = await _store.RequireAsync(call.AccountId, call.Region, validTemplate, ct);
        var repository = await _repositories.RequireAsync(call.AccountId, call.Region, validRepository, ct);
        await _store.DisassociateAsync(template, repository.Key, ct);
    }

    /// <summary>
    /// BatchAssociateApprovalRuleTemplateWithRepositories: the action on every named repository (a
    /// refusal refuses the call); each repository that is not valid, does not exist or has its 25
    /// templates is reported in the result's errors, the others are associated.
    /// </summary>
    public Task<TemplateBatchResult> BatchAssociateAsync(CallContext call, string? templateName, IReadOnlyList<string>? repositoryNames, CancellationToken ct) =>
        BatchAsync(call, "codecommit:BatchAssociateApprovalRuleTemplateWithRepositories", templateName, repositoryNames,
            (template, repository) => _store.AssociateAsync(template, repository.Key, repository.Name, ct), ct);

    /// <summary>BatchDisassociateApprovalRuleTemplateFromRepositories: as <see cref="BatchAssociateAsync"/>, removing the associations.</summary>
    public Task<TemplateBatchResult> BatchDisassociateAsync(CallContext call, string? templateName, IReadOnlyList<string>? repositoryNames, CancellationToken ct) =>
        BatchAsync(call, "codecommit:BatchDisassociateApprovalRuleTemplateFromRepositories", templateName, repositoryNames,
            (template, repository) => _store.DisassociateAsync(template, repository.Key, ct), ct);

    /// <summary>ListAssociatedApprovalRuleTemplatesForRepository: <c>codecommit:ListAssociatedApprovalRuleTemplatesForRepository</c> on the repository.</summary>
    public async Task<Page<string>> ListForRepositoryAsync(CallContext call, string? repositoryName, PageRequest page, CancellationToken ct)
    {
        var validRepository = RepositoryRules.Name(repositoryName);
        await _authorizer.RequireAsync(call, "codecommit:ListAssociatedApprovalRuleTemplatesForRepository", RepositoryService.Arn(call, validRepository), ct);
        var repository = await _repositories.RequireAsync(call.AccountId, call.Region, validRepository, ct);
        return await _store.ListForRepositoryAsync(repository.Key, page, ct);
    }

    /// <summary>ListRepositoriesForApprovalRuleTemplate: <c>codecommit:ListRepositoriesForApprovalRuleTemplate</c>.</summary>
    public async Task<Page<string>> ListRepositoriesAsync(CallContext call, string? templateName, PageRequest page, CancellationToken ct)
    {
        var validTemplate = ApprovalRuleTemplateRules.Name(templateName);
        await AuthorizeOnTemplatesAsync(call, "codecommit:ListRepositoriesForApprovalRuleTemplate", ct);
        var template = await _store.RequireAsync(call.AccountId, call.Region, validTemplate, ct);
        return await _store.ListRepositoriesAsync(template.Key, page, ct);
    }

    private ValueTask AuthorizeOnTemplatesAsync(CallContext call, string action, CancellationToken ct) =>
        _authorizer.RequireAsync(call, action, Arns.Repository(call.Region, call.AccountId, "*"), ct);

    private async Task<TemplateBatchResult> BatchAsync(
        CallContext call, string action, string? templateName, IReadOnlyList<string>? repositoryNames,
        Func<ApprovalRuleTemplate, RepositoryInfo, Task> change, CancellationToken ct)
    {
        var validTemplate = ApprovalRuleTemplateRules.Name(templateName);
        var names = ApprovalRuleTemplateRules.BatchNames(repositoryNames).Distinct(StringComparer.Ordinal).ToList();
        var valid = names.Where(RepositoryRules.IsValidName).ToList();
        foreach (var name in valid)
        {
            await _authorizer.RequireAsync(call, action, RepositoryService.Arn(call, name), ct);
        }

        var template = await _store.RequireAsync(call.AccountId, call.Region, validTemplate, ct);
        var changed = new List<string>();
        var errors = new List<TemplateBatchError>();
        foreach (var name in names)
        {
            try
            {
                var repository = await _repositories.RequireAsync(call.AccountId, call.Region, RepositoryRules.Name(name), ct);
                await change(template, repository);
                changed.Add(name);
            }
            catch (AwsServiceException error) when (error.Code != "ApprovalRuleTemplateDoesNotExistException")
            {
                errors.Add(new TemplateBatchError(name, error.Code, error.Message));
            }
        }

        return new TemplateBatchResult(changed, errors);
    }

    private static ApprovalRuleTemplateInfo Info(ApprovalRuleTemplate row) =>
        new(row.TemplateId, row.Name, row.Description, row.Content, row.ContentSha256, row.LastModifiedUser, row.CreationDate, row.LastModifiedDate);
}
