using Gitstead.Aws;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// Writing to a branch without a working tree: PutFile, DeleteFile and CreateCommit. Each public
/// method checks the request by CodeCommit's rules (<see cref="FileWriteRules"/>), authorizes its
/// own action on the repository with the branch as <c>codecommit:References</c> (so a policy that
/// denies pushes to a branch denies these too), then has <see cref="CommitWriter"/> check the
/// changes against the branch and commit them; each commit queues the repository's maintenance
/// as a push does (<see cref="RepositoryMaintenance"/>); errors are CodeCommit's modelled exceptions and
/// <see cref="AccessDeniedException"/>.
/// </summary>
public sealed class FileWriteService
{
    private readonly RepositoryStore _repositories;
    private readonly IAuthorizer _authorizer;
    private readonly CommitWriter _writer;
    private readonly TriggerQueue? _triggers;
    private readonly RepositoryMaintenance? _maintenance;

    internal FileWriteService(
        RepositoryStore repositories, IAuthorizer authorizer, CommitWriter writer, TriggerQueue? triggers = null, RepositoryMaintenance? maintenance = null)
    {
        _triggers = triggers;
        _maintenance = maintenance;
        _repositories = repositories;
        _authorizer = authorizer;
        _writer = writer;
    }

    /// <summary>
    /// PutFile: <c>codecommit:PutFile</c>; adds or replaces one file on the branch (created when
    /// the repository has no branch yet). A missing <paramref name="fileMode"/> keeps the file's
    /// mode (NORMAL for a new file). SameFileContentException when the file already has these
    /// bytes and this mode; FileContentRequiredException for empty content.
    /// </summary>
    public async Task<PutFileResult> PutFileAsync(
        CallContext call, string? repositoryName, string? branchName, string? filePath, string? fileMode, byte[]? fileContent,
        string? parentCommitId, CommitAuthoring authoring, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        var branch = BranchService.RequireName(branchName);
        var plan = FileWriteRules.PutFile(filePath, fileMode, fileContent);
        var path = plan.Puts[0].Path;
        var write = new CommitWrite(
            branch,
            FileWriteRules.ParentId(parentCommitId),
            plan,
            FileWriteRules.Identity(call, authoring.Name, authoring.Email, authoring.Message),
            changes => (changes.Added.Count > 0 ? "Added " : "Updated ") + path,
            () => CodeCommitErrors.SameFileContent(path));
        var written = await WriteAsync(call, "codecommit:PutFile", name, write, ct);
        var blob = written.Changes.Added.Concat(written.Changes.Updated).Single();
        return new PutFileResult(written.CommitId, blob.BlobId, written.TreeId);
    }

    /// <summary>
    /// DeleteFile: <c>codecommit:DeleteFile</c>; removes one file from the branch.
    /// FileDoesNotExistException when the branch has no file at the path. Folders left empty go
    /// with it unless <paramref name="keepEmptyFolders"/>, which leaves a <c>.gitkeep</c> in them.
    /// </summary>
    public async Task<DeleteFileResult> DeleteFileAsync(
        CallContext call, string? repositoryName, string? branchName, string? filePath, string? parentCommitId, bool keepEmptyFolders,
        CommitAuthoring authoring, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        var branch = BranchService.RequireName(branchName);
        var path = FileWriteRules.Path(filePath);
        var write = new CommitWrite(
            branch,
            FileWriteRules.ParentId(parentCommitId),
            new ChangePlan([], [path], [], keepEmptyFolders),
            FileWriteRules.Identity(call, authoring.Name, authoring.Email, authoring.Message),
            _ => "Deleted " + path,
            CodeCommitErrors.NoChange);
        var written = await WriteAsync(call, "codecommit:DeleteFile", name, write, ct);
        return new DeleteFileResult(written.CommitId, written.Changes.Deleted[0].BlobId, written.TreeId, path);
    }

    /// <summary>
    /// CreateCommit: <c>codecommit:CreateCommit</c>; puts (content, or a copy or move of a file of
    /// the parent commit), deletions and file mode changes in one commit. NoChangeException when
    /// the commit would leave the tree as it is.
    /// </summary>
    public async Task<CreateCommitResult> CreateCommitAsync(CallContext call, NewCommit commit, CancellationToken ct)
    {
        var name = RepositoryRules.Name(commit.RepositoryName);
        var branch = BranchService.RequireName(commit.BranchName);
        var write = new CommitWrite(
            branch,
            FileWriteRules.ParentId(commit.ParentCommitId),
            FileWriteRules.Plan(commit),
            FileWriteRules.Identity(call, commit.AuthorName, commit.Email, commit.CommitMessage),
            DefaultCommitMessage,
            CodeCommitErrors.NoChange);
        var written = await WriteAsync(call, "codecommit:CreateCommit", name, write, ct);
        var changes = written.Changes;
        return new CreateCommitResult(written.CommitId, written.TreeId, changes.Added, changes.Updated, changes.Deleted);
    }

    /// <summary>Authorizes with the branch as <c>codecommit:References</c>, finds the repository, checks the branch name, and writes.</summary>
    private async Task<WrittenCommit> WriteAsync(CallContext call, string action, string name, CommitWrite write, CancellationToken ct)
    {
        await _authorizer.RequireAsync(call, action, RepositoryService.Arn(call, name), RepositoryRules.References(write.Branch), ct);
        var repository = await OpenAsync(call, name, ct);
        await BranchService.CheckNameAsync(repository, write.Branch, ct);
        var written = await _writer.WriteAsync(repository, write, ct);

        // The commit's objects are loose, as a push's are in a new pack: maintenance folds them in the same way.
        _maintenance?.Schedule(repository.Path);
        if (_triggers is not null)
        {
            await _triggers.EnqueueAsync(
                repository, call.Caller.Arn, [new ReferenceChange("refs/heads/" + write.Branch, written.OldTip ?? ReferenceChange.ZeroId, written.CommitId)]);
        }

        return written;
    }

    /// <summary>The repository to write to, once KMS lets the caller write under its key; RepositoryDoesNotExistException, Encryption* exceptions.</summary>
    private Task<RepositoryInfo> OpenAsync(CallContext call, string name, CancellationToken ct) =>
        _repositories.OpenAsync(call, name, KeyUse.Write, ct);

    private static string DefaultCommitMessage(FileChanges changes)
    {
        var count = changes.Added.Count + changes.Updated.Count + changes.Deleted.Count;
        return count == 1 ? $"Changed {changes.Added.Concat(changes.Updated).Concat(changes.Deleted).Single().AbsolutePath}" : $"Changed {count} files";
    }
}
