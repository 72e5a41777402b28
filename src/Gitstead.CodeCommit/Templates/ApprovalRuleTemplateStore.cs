using Gitstead.Aws;
using Gitstead.CodeCommit.PullRequests;
using Gitstead.Storage;
using Gitstead.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Gitstead.CodeCommit.Templates;

/// <summary>
/// Approval rule templates and their associations in the database. No authorization here:
/// <see cref="ApprovalRuleTemplateService"/> authorizes before it asks. Conditional writes (a
/// content update that names the content it replaces, a deletion only while nothing is
/// associated) are single statements, so two callers cannot both win. Also what pull request
/// creation reads the templates of a repository through (<see cref="IApprovalRuleTemplateSource"/>).
/// </summary>
internal sealed class ApprovalRuleTemplateStore(IGitsteadDb db, TimeProvider time) : IApprovalRuleTemplateSource
{
    /// <summary>The template, or ApprovalRuleTemplateDoesNotExistException.</summary>
    public async Task<ApprovalRuleTemplate> RequireAsync(string accountId, string region, string name, CancellationToken ct)
    {
        await using var context = db.Create();
        return await Named(context, accountId, region, name).AsNoTracking().FirstOrDefaultAsync(ct)
            ?? throw ApprovalRuleTemplateRules.DoesNotExist(name);
    }

    /// <summary>
    /// Adds a template; NumberOfRuleTemplatesExceededException past 1,000 in the region. The count
    /// and the insert hold the region's template lock (<see cref="LimitLocks.BeginLimitLockAsync"/>), so concurrent
    /// creations cannot pass the limit together.
    /// </summary>
    public async Task<ApprovalRuleTemplate> CreateAsync(string accountId, string region, string name, string description, string content, string userArn, CancellationToken ct)
    {
        await using var context = db.Create();
        await using var transaction = await context.BeginLimitLockAsync($"templates:{accountId}:{region}", ct);
        if (await context.ApprovalRuleTemplates.CountAsync(t => t.AccountId == accountId && t.Region == region, ct) >= ApprovalRuleTemplateRules.MaxTemplatesPerRegion)
        {
            throw ApprovalRuleTemplateRules.TooManyTemplates();
        }

        if (await Named(context, accountId, region, name).AnyAsync(ct))
        {
            throw ApprovalRuleTemplateRules.NameAlreadyExists(name);
        }

        var now = Now();
        var row = new ApprovalRuleTemplate
        {
            TemplateId = Guid.NewGuid().ToString("D"),
            AccountId = accountId,
            Region = region,
            Name = name,
            Description = description,
            Content = content,
            ContentSha256 = ApprovalRuleContent.Sha256(content),
            LastModifiedUser = userArn,
            CreationDate = now,
            LastModifiedDate = now,
        };
        context.ApprovalRuleTemplates.Add(row);
        try
        {
            await context.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent create of the same name won the unique index.
            throw ApprovalRuleTemplateRules.NameAlreadyExists(name);
        }

        return row;
    }

    /// <summary>Names of the region's templates, in name order.</summary>
    public async Task<Page<string>> ListAsync(string accountId, string region, PageRequest page, CancellationToken ct)
    {
        var after = ApprovalRuleTemplateRules.After(page);
        await using var context = db.Create();
        var query = context.ApprovalRuleTemplates.AsNoTracking().Where(t => t.AccountId == accountId && t.Region == region).Select(t => t.Name);
        return await PageAsync(query, after, page.MaxItems, ct);
    }

    /// <summary>Renames a template; ApprovalRuleTemplateNameAlreadyExistsException when the new name is taken.</summary>
    public async Task<ApprovalRuleTemplate> RenameAsync(string accountId, string region, string oldName, string newName, string userArn, CancellationToken ct)
    {
        await using var context = db.Create();
        if (oldName != newName && await Named(context, accountId, region, newName).AnyAsync(ct))
        {
            throw ApprovalRuleTemplateRules.NameAlreadyExists(newName);
        }

        var now = Now();
        int updated;
        try
        {
            updated = await Named(context, accountId, region, oldName).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Name, newName).SetProperty(t => t.LastModifiedUser, userArn).SetProperty(t => t.LastModifiedDate, now), ct);
        }
        catch (DbUpdateException)
        {
            throw ApprovalRuleTemplateRules.NameAlreadyExists(newName);
        }

        return updated == 0 ? throw ApprovalRuleTemplateRules.DoesNotExist(oldName) : await RequireAsync(accountId, region, newName, ct);
    }

    public async Task<ApprovalRuleTemplate> UpdateDescriptionAsync(string accountId, string region, string name, string description, string userArn, CancellationToken ct)
    {
        await using var context = db.Create();
        var now = Now();
        var updated = await Named(context, accountId, region, name).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.Description, description).SetProperty(t => t.LastModifiedUser, userArn).SetProperty(t => t.LastModifiedDate, now), ct);
        return updated == 0 ? throw ApprovalRuleTemplateRules.DoesNotExist(name) : await RequireAsync(accountId, region, name, ct);
    }

    /// <summary>
    /// Replaces the content, only if it still has the hash <paramref name="expectedSha256"/> when
    /// one is given (InvalidRuleContentSha256Exception otherwise).
    /// </summary>
    public async Task<ApprovalRuleTemplate> UpdateContentAsync(
        string accountId, string region, string name, string content, string? expectedSha256, string userArn, CancellationToken ct)
    {
        await using var context = db.Create();
        var now = Now();
        var sha = ApprovalRuleContent.Sha256(content);
        var query = Named(context, accountId, region, name);
        if (expectedSha256 is not null)
        {
            var expected = expectedSha256.ToLowerInvariant();
            query = query.Where(t => t.ContentSha256 == expected);
        }

        var updated = await query.ExecuteUpdateAsync(s => s
            .SetProperty(t => t.Content, content).SetProperty(t => t.ContentSha256, sha)
            .SetProperty(t => t.LastModifiedUser, userArn).SetProperty(t => t.LastModifiedDate, now), ct);
        if (updated == 0)
        {
            await RequireAsync(accountId, region, name, ct);
            throw ApprovalRuleTemplateRules.ContentSha256Mismatch();
        }

        return await RequireAsync(accountId, region, name, ct);
    }

    /// <summary>Deletes a template that no repository is associated with; returns its id.</summary>
    public async Task<string> DeleteAsync(string accountId, string region, string name, CancellationToken ct)
    {
        var row = await RequireAsync(accountId, region, name, ct);
        await using var context = db.Create();
        int deleted;
        try
        {
            deleted = await context.ApprovalRuleTemplates
                .Where(t => t.Key == row.Key && !context.ApprovalRuleTemplateAssociations.Any(a => a.TemplateKey == t.Key))
                .ExecuteDeleteAsync(ct);
        }
        catch (DbUpdateException)
        {
            // An association made meanwhile holds the row (the foreign key restricts).
            throw ApprovalRuleTemplateRules.InUse(name);
        }

        if (deleted == 0 && await context.ApprovalRuleTemplates.AnyAsync(t => t.Key == row.Key, ct))
        {
            throw ApprovalRuleTemplateRules.InUse(name);
        }

        return row.TemplateId;
    }

    /// <summary>
    /// Associates the template with the repository (nothing to do when it already is);
    /// MaximumRuleTemplatesAssociatedWithRepositoryException when the repository has 25 others.
    /// The count and the insert hold the repository's association lock, so the limit is exact
    /// however many associations race.
    /// </summary>
    public async Task AssociateAsync(ApprovalRuleTemplate template, long repositoryKey, string repositoryName, CancellationToken ct)
    {
        await using var context = db.Create();
        await using var transaction = await context.BeginLimitLockAsync($"associations:{repositoryKey}", ct);
        var associations = context.ApprovalRuleTemplateAssociations.Where(a => a.RepositoryKey == repositoryKey);
        if (await associations.AnyAsync(a => a.TemplateKey == template.Key, ct))
        {
            return;
        }

        if (await associations.CountAsync(ct) >= ApprovalRuleTemplateRules.MaxTemplatesPerRepository)
        {
            throw ApprovalRuleTemplateRules.TooManyForRepository(repositoryName);
        }

        context.ApprovalRuleTemplateAssociations.Add(new ApprovalRuleTemplateAssociation { TemplateKey = template.Key, RepositoryKey = repositoryKey });
        try
        {
            await context.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            await using var check = db.Create();
            if (!await check.ApprovalRuleTemplates.AnyAsync(t => t.Key == template.Key, CancellationToken.None))
            {
                throw ApprovalRuleTemplateRules.DoesNotExist(template.Name);
            }

            if (!await check.ApprovalRuleTemplateAssociations.AnyAsync(a => a.TemplateKey == template.Key && a.RepositoryKey == repositoryKey, CancellationToken.None))
            {
                throw;
            }
        }
    }

    /// <summary>Removes the association, if there is one.</summary>
    public async Task DisassociateAsync(ApprovalRuleTemplate template, long repositoryKey, CancellationToken ct)
    {
        await using var context = db.Create();
        await context.ApprovalRuleTemplateAssociations.Where(a => a.TemplateKey == template.Key && a.RepositoryKey == repositoryKey).ExecuteDeleteAsync(ct);
    }

    /// <summary>Names of the templates associated with the repository, in name order.</summary>
    public async Task<Page<string>> ListForRepositoryAsync(long repositoryKey, PageRequest page, CancellationToken ct)
    {
        var after = ApprovalRuleTemplateRules.After(page);
        await using var context = db.Create();
        var query = context.ApprovalRuleTemplateAssociations.Where(a => a.RepositoryKey == repositoryKey)
            .Join(context.ApprovalRuleTemplates, a => a.TemplateKey, t => t.Key, (a, t) => t.Name);
        return await PageAsync(query, after, page.MaxItems, ct);
    }

    /// <summary>Names of the repositories the template is associated with, in name order (their names now, after any rename).</summary>
    public async Task<Page<string>> ListRepositoriesAsync(long templateKey, PageRequest page, CancellationToken ct)
    {
        var after = ApprovalRuleTemplateRules.After(page);
        await using var context = db.Create();
        var query = context.ApprovalRuleTemplateAssociations.Where(a => a.TemplateKey == templateKey)
            .Join(context.Repositories, a => a.RepositoryKey, r => r.Key, (a, r) => r.RepositoryName);
        return await PageAsync(query, after, page.MaxItems, ct);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A destination given as a branch name (<c>main</c>) is read as <c>refs/heads/main</c>.
    /// Templates come in name order; one whose stored content no longer parses is skipped.
    /// </remarks>
    public async Task<IReadOnlyList<TemplateRule>> ForNewPullRequestAsync(
        string accountId, string region, long repositoryKey, string destinationReference, CancellationToken cancellationToken)
    {
        var reference = destinationReference.StartsWith("refs/", StringComparison.Ordinal) ? destinationReference : "refs/heads/" + destinationReference;
        await using var context = db.Create();
        var templates = await context.ApprovalRuleTemplateAssociations.Where(a => a.RepositoryKey == repositoryKey)
            .Join(context.ApprovalRuleTemplates, a => a.TemplateKey, t => t.Key, (a, t) => t)
            .Where(t => t.AccountId == accountId && t.Region == region)
            .OrderBy(t => t.Name)
            .Select(t => new { t.TemplateId, t.Name, t.Content })
            .ToListAsync(cancellationToken);
        return templates
            .Where(t => ApprovalRuleContent.TryParse(t.Content, isTemplate: true, out var content, out _) && content!.AppliesTo(reference))
            .Select(t => new TemplateRule(t.TemplateId, t.Name, t.Content))
            .ToList();
    }

    private static IQueryable<ApprovalRuleTemplate> Named(GitsteadDbContext context, string accountId, string region, string name) =>
        context.ApprovalRuleTemplates.Where(t => t.AccountId == accountId && t.Region == region && t.Name == name);

    private static async Task<Page<string>> PageAsync(IQueryable<string> names, string? after, int maxItems, CancellationToken ct)
    {
        if (after is not null)
        {
            names = names.Where(n => string.Compare(n, after) > 0);
        }

        var rows = await names.OrderBy(n => n).Take(maxItems + 1).ToListAsync(ct);
        return Page<string>.FromOverfetch(rows, maxItems, PageTokens.EncodeKey);
    }

    /// <summary>Now, to the millisecond, so every provider stores and returns the same instant.</summary>
    private DateTime Now()
    {
        var now = time.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
