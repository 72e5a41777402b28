namespace Gitstead.CodeCommit.Templates;

/// <summary>An approval rule template as the API shows it (<c>ApprovalRuleTemplate</c>).</summary>
/// <param name="TemplateId">UUID.</param>
/// <param name="Name">Unique in the account and region.</param>
/// <param name="Description">Empty when none was given.</param>
/// <param name="Content">The rule content, as written.</param>
/// <param name="ContentSha256">Lower-case hex SHA-256 of the content.</param>
/// <param name="LastModifiedUser">The ARN of whoever last changed it.</param>
/// <param name="CreationDate">UTC.</param>
/// <param name="LastModifiedDate">UTC.</param>
public sealed record ApprovalRuleTemplateInfo(
    string TemplateId,
    string Name,
    string Description,
    string Content,
    string ContentSha256,
    string LastModifiedUser,
    DateTime CreationDate,
    DateTime LastModifiedDate);

/// <summary>One repository a batch association or disassociation did not change, and why.</summary>
/// <param name="RepositoryName">As the request named it.</param>
/// <param name="ErrorCode">A CodeCommit exception name, e.g. RepositoryDoesNotExistException.</param>
/// <param name="ErrorMessage">Why, in words.</param>
public sealed record TemplateBatchError(string RepositoryName, string ErrorCode, string ErrorMessage);

/// <summary>The outcome of a batch association or disassociation.</summary>
/// <param name="Changed">The repositories now associated (or disassociated).</param>
/// <param name="Errors">The repositories that were not, each with its error.</param>
public sealed record TemplateBatchResult(IReadOnlyList<string> Changed, IReadOnlyList<TemplateBatchError> Errors);
