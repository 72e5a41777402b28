using Gitstead.Aws;
using Gitstead.CodeCommit.Git;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// Files, folders and blobs of a repository's commits, read through the repository's
/// long-lived <c>git cat-file --batch</c>. Each public method checks its input, authorizes the
/// caller on the repository before anything tells whether it exists, then reads; errors are
/// CodeCommit's modelled exceptions and <see cref="AccessDeniedException"/>. Content that goes
/// out as base64 is held in memory up to CodeCommit's own limit; the copy methods stream.
/// </summary>
public sealed class FileService
{
    /// <summary>CodeCommit's limit for a file read or written through the API: 6 MiB, the model's <c>FileContent</c> max.</summary>
    public const int MaxContentBytes = 6 * 1024 * 1024;

    /// <summary>git's <c>FIRST_FEW_BYTES</c>: a NUL among these makes a blob binary.</summary>
    public const int BinaryProbeBytes = 8000;

    /// <summary>Past this much unread content, a probe ends its cat-file process instead of reading the rest through.</summary>
    private const long ProbeDrainLimit = 256 * 1024;

    private readonly RepositoryStore _repositories;
    private readonly IAuthorizer _authorizer;
    private readonly CommitReader _commits;
    private readonly TreeReader _trees;
    private readonly CatFilePool _objects;

    internal FileService(RepositoryStore repositories, IAuthorizer authorizer, CommitReader commits, TreeReader trees, CatFilePool objects)
    {
        _repositories = repositories;
        _authorizer = authorizer;
        _commits = commits;
        _trees = trees;
        _objects = objects;
    }

    /// <summary>
    /// GetBlob: <c>codecommit:GetBlob</c>; BlobIdRequiredException, InvalidBlobIdException,
    /// BlobIdDoesNotExistException (also for an id of a tree or commit), FileTooLargeException.
    /// </summary>
    public async Task<BlobContent> GetBlobAsync(CallContext call, string? repositoryName, string? blobId, CancellationToken ct)
    {
        var (repository, id) = await BlobAsync(call, "codecommit:GetBlob", repositoryName, blobId, ct);
        var blob = await ReadCappedAsync(repository, id + "^{blob}", ct) ?? throw CodeCommitErrors.BlobIdDoesNotExist(id);
        return new BlobContent(blob.Id, blob.Content);
    }

    /// <summary>
    /// GetFile: <c>codecommit:GetFile</c>; the file at <paramref name="filePath"/> in the commit
    /// <paramref name="commitSpecifier"/> leads to (the default branch when absent). PathRequiredException,
    /// InvalidPathException, InvalidCommitException, CommitDoesNotExistException,
    /// FileDoesNotExistException (also for a folder or a submodule), FileTooLargeException.
    /// </summary>
    public async Task<FileContent> GetFileAsync(
        CallContext call, string? repositoryName, string? commitSpecifier, string? filePath, CancellationToken ct)
    {
        var file = await FindFileAsync(call, repositoryName, commitSpecifier, filePath, ct);
        var blob = await ReadCappedAsync(file.Repository, file.Entry.Id, ct) ?? throw CodeCommitErrors.FileDoesNotExist(file.Path);
        return new FileContent(file.CommitId, blob.Id, file.Path, file.Entry.FileMode, blob.Size, blob.Content);
    }

    /// <summary>
    /// GetFolder: <c>codecommit:GetFolder</c>; what the folder holds in the commit.
    /// PathRequiredException, InvalidPathException, InvalidCommitException,
    /// CommitDoesNotExistException, FolderDoesNotExistException (also for a file).
    /// </summary>
    public Task<FolderContent> GetFolderAsync(
        CallContext call, string? repositoryName, string? commitSpecifier, string? folderPath, CancellationToken ct) =>
        ListFolderAsync(call, "codecommit:GetFolder", repositoryName, commitSpecifier, folderPath, ct);

    /// <summary>
    /// The console's code browser: the same answer as <see cref="GetFolderAsync"/>, authorized as
    /// <c>codecommit:GetTree</c>, the permission AWS defines for viewing a tree (no API of that name).
    /// </summary>
    public Task<FolderContent> GetTreeAsync(
        CallContext call, string? repositoryName, string? commitSpecifier, string? folderPath, CancellationToken ct) =>
        ListFolderAsync(call, "codecommit:GetTree", repositoryName, commitSpecifier, folderPath, ct);

    /// <summary>
    /// <c>codecommit:GetFile</c>: a file's ids, mode, size and whether it is binary, reading at
    /// most its first <see cref="BinaryProbeBytes"/> bytes; errors as <see cref="GetFileAsync"/> but never FileTooLargeException.
    /// </summary>
    public async Task<FileDescription> DescribeFileAsync(
        CallContext call, string? repositoryName, string? commitSpecifier, string? filePath, CancellationToken ct)
    {
        var file = await FindFileAsync(call, repositoryName, commitSpecifier, filePath, ct);
        var blob = await ProbeAsync(file.Repository, file.Entry.Id, ct) ?? throw CodeCommitErrors.FileDoesNotExist(file.Path);
        return new FileDescription(file.CommitId, blob.BlobId, file.Path, file.Entry.FileMode, blob.Size, blob.IsBinary);
    }

    /// <summary><c>codecommit:GetBlob</c>: a blob's size and whether it is binary, without its content; errors as <see cref="GetBlobAsync"/> but never FileTooLargeException.</summary>
    public async Task<BlobDescription> DescribeBlobAsync(CallContext call, string? repositoryName, string? blobId, CancellationToken ct)
    {
        var (repository, id) = await BlobAsync(call, "codecommit:GetBlob", repositoryName, blobId, ct);
        return await ProbeAsync(repository, id + "^{blob}", ct) ?? throw CodeCommitErrors.BlobIdDoesNotExist(id);
    }

    /// <summary>
    /// <c>codecommit:GetFile</c>: copies the file's bytes into <paramref name="destination"/> as
    /// git reads them, through one pooled buffer, whatever its size; returns how many. Errors as
    /// <see cref="GetFileAsync"/> but never FileTooLargeException; an exception from the destination is rethrown.
    /// </summary>
    public async Task<long> CopyFileAsync(
        CallContext call, string? repositoryName, string? commitSpecifier, string? filePath, Stream destination, CancellationToken ct)
    {
        var file = await FindFileAsync(call, repositoryName, commitSpecifier, filePath, ct);
        var header = await _objects.CopyToAsync(file.Repository.Path, file.Entry.Id, destination, ct);
        return header?.Size ?? throw CodeCommitErrors.FileDoesNotExist(file.Path);
    }

    /// <summary><c>codecommit:GetBlob</c>: copies a blob's bytes into <paramref name="destination"/> as <see cref="CopyFileAsync"/> does.</summary>
    public async Task<long> CopyBlobAsync(CallContext call, string? repositoryName, string? blobId, Stream destination, CancellationToken ct)
    {
        var (repository, id) = await BlobAsync(call, "codecommit:GetBlob", repositoryName, blobId, ct);
        var header = await _objects.CopyToAsync(repository.Path, id + "^{blob}", destination, ct);
        return header?.Size ?? throw CodeCommitErrors.BlobIdDoesNotExist(id);
    }

    private async Task<(RepositoryInfo Repository, string Id)> BlobAsync(
        CallContext call, string action, string? repositoryName, string? blobId, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        var id = string.IsNullOrEmpty(blobId)
            ? throw CodeCommitErrors.BlobIdRequired()
            : GitObjectIds.Normalize(blobId) ?? throw CodeCommitErrors.InvalidBlobId(blobId);
        await _authorizer.RequireAsync(call, action, RepositoryService.Arn(call, name), ct);
        return (await _repositories.OpenAsync(call, name, KeyUse.Read, ct), id);
    }

    private async Task<FoundFile> FindFileAsync(
        CallContext call, string? repositoryName, string? commitSpecifier, string? filePath, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        var path = ContentPaths.File(filePath);
        var (repository, commit) = await CommitAsync(call, "codecommit:GetFile", name, commitSpecifier, ct);
        var entry = await _trees.FindAsync(repository, commit.TreeId, path, ct);
        return entry is { IsBlob: true }
            ? new FoundFile(repository, commit.CommitId, path, entry)
            : throw CodeCommitErrors.FileDoesNotExist(path);
    }

    private async Task<FolderContent> ListFolderAsync(
        CallContext call, string action, string? repositoryName, string? commitSpecifier, string? folderPath, CancellationToken ct)
    {
        var name = RepositoryRules.Name(repositoryName);
        var path = ContentPaths.Folder(folderPath);
        var (repository, commit) = await CommitAsync(call, action, name, commitSpecifier, ct);
        var folder = await _trees.FindAsync(repository, commit.TreeId, path, ct);
        var entries = folder is { IsTree: true } ? await _trees.ReadAsync(repository, folder.Id, ct) : null;
        return entries is null ? throw CodeCommitErrors.FolderDoesNotExist(path) : Folder(commit.CommitId, path, folder!.Id, entries);
    }

    /// <summary>Checks the specifier, authorizes, then finds the repository and the commit.</summary>
    private async Task<(RepositoryInfo Repository, CommitInfo Commit)> CommitAsync(
        CallContext call, string action, string name, string? commitSpecifier, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(commitSpecifier))
        {
            CommitSpecifiers.Check(commitSpecifier);
        }

        await _authorizer.RequireAsync(call, action, RepositoryService.Arn(call, name), ct);
        var repository = await _repositories.OpenAsync(call, name, KeyUse.Read, ct);
        var commit = await _commits.ResolveAsync(repository, CommitSpecifiers.Resolve(commitSpecifier, repository.DefaultBranch), ct);
        return (repository, commit);
    }

    private static FolderContent Folder(string commitId, string path, string treeId, IReadOnlyList<TreeEntry> entries)
    {
        List<FolderEntry> folders = [];
        List<FileEntry> files = [], links = [];
        List<SubModuleEntry> modules = [];
        foreach (var entry in entries)
        {
            var absolute = ContentPaths.Join(path, entry.Name);
            switch (entry.Type)
            {
                case "tree": folders.Add(new FolderEntry(entry.Id, absolute, entry.Name)); break;
                case "commit": modules.Add(new SubModuleEntry(entry.Id, absolute, entry.Name)); break;
                default:
                    (entry.FileMode == FileModeType.Symlink ? links : files).Add(new FileEntry(entry.Id, absolute, entry.Name, entry.FileMode));
                    break;
            }
        }

        return new FolderContent(commitId, path, treeId, folders, files, links, modules);
    }

    /// <summary>The blob whole, or null when the name leads to none; FileTooLargeException past <see cref="MaxContentBytes"/>.</summary>
    private async Task<GitObject?> ReadCappedAsync(RepositoryInfo repository, string name, CancellationToken ct)
    {
        try
        {
            var blob = await _objects.ReadAsync(repository.Path, name, MaxContentBytes, ct);
            return blob is { Type: "blob" } ? blob : null;
        }
        catch (GitOutputTooLargeException)
        {
            throw CodeCommitErrors.FileTooLarge();
        }
    }

    /// <summary>Size and git's binary test from the first <see cref="BinaryProbeBytes"/> bytes; null when the name leads to no blob.</summary>
    private async Task<BlobDescription?> ProbeAsync(RepositoryInfo repository, string name, CancellationToken ct)
    {
        var probe = await _objects.ReadPrefixAsync(repository.Path, name, BinaryProbeBytes, ProbeDrainLimit, ct);
        return probe is { Header.Type: "blob" }
            ? new BlobDescription(probe.Header.Id, probe.Header.Size, IsBinary(probe.Prefix))
            : null;
    }

    /// <summary>git's <c>buffer_is_binary</c>: a NUL within the first 8,000 bytes.</summary>
    internal static bool IsBinary(ReadOnlySpan<byte> content) =>
        content[..Math.Min(content.Length, BinaryProbeBytes)].Contains((byte)0);

    private sealed record FoundFile(RepositoryInfo Repository, string CommitId, string Path, TreeEntry Entry);
}
