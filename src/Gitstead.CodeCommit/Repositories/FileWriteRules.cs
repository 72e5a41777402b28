using System.Text;
using Gitstead.Aws;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>A put of CreateCommit, checked: content to store, or a file of the parent commit to copy or move.</summary>
internal sealed record PlannedPut(string Path, FileModeType? Mode, byte[]? Content, string? SourcePath, bool IsMove);

/// <summary>A file mode change of CreateCommit, checked.</summary>
internal sealed record PlannedMode(string Path, FileModeType Mode);

/// <summary>What a commit is to change, checked against the request's own rules (not yet against the repository).</summary>
internal sealed record ChangePlan(IReadOnlyList<PlannedPut> Puts, IReadOnlyList<string> Deletes, IReadOnlyList<PlannedMode> Modes, bool KeepEmptyFolders);

/// <summary>Author and committer (the same person, as CodeCommit records them) and the message; null message means the operation's default.</summary>
internal sealed record CommitIdentity(string Name, string Email, string? Message);

/// <summary>
/// The request rules of PutFile, DeleteFile and CreateCommit that need no repository: paths,
/// modes, entry counts, sizes, names, emails and messages (CodeCommit API reference and
/// quotas). Each throws the modelled error the reference names for the condition.
/// </summary>
internal static class FileWriteRules
{
    /// <summary>CodeCommit's quota for the files one commit made through the API may change.</summary>
    public const int MaxFileEntries = 100;

    /// <summary>FileContentSizeLimitExceededException: "the combined file content change size is 7 MB".</summary>
    public const int MaxCombinedContentBytes = 7 * 1024 * 1024;

    /// <summary>"Commit messages are limited to 256 KB."</summary>
    public const int MaxMessageBytes = 256 * 1024;

    /// <summary>The limit NameLengthExceededException enforces; CodeCommit does not publish its own.</summary>
    public const int MaxNameLength = 1024;

    /// <summary>The longest email address RFC 5321 lets through (64 + 1 + 255).</summary>
    public const int MaxEmailLength = 320;

    /// <summary>The file keepEmptyFolders leaves in a folder that would otherwise vanish.</summary>
    public const string KeepFileName = ".gitkeep";

    /// <summary>
    /// A path to write: as <see cref="ContentPaths.File"/>, and no name that git refuses to
    /// check out (<c>.git</c> in any case), so every commit made here passes <c>git fsck --strict</c>.
    /// </summary>
    public static string Path(string? value)
    {
        var path = ContentPaths.File(value);
        return path.Split('/').Any(name => name.Equals(".git", StringComparison.OrdinalIgnoreCase))
            ? throw CodeCommitErrors.InvalidPath(value!)
            : path;
    }

    /// <summary>FileModeTypeEnum; null stays null, anything else is InvalidFileModeException.</summary>
    public static FileModeType? Mode(string? value) => value switch
    {
        null => null,
        "NORMAL" => FileModeType.Normal,
        "EXECUTABLE" => FileModeType.Executable,
        "SYMLINK" => FileModeType.Symlink,
        _ => throw CodeCommitErrors.InvalidFileMode(value),
    };

    /// <summary>git's mode for a file of the kind.</summary>
    public static string GitMode(FileModeType mode) => mode switch
    {
        FileModeType.Executable => "100755",
        FileModeType.Symlink => "120000",
        _ => "100644",
    };

    /// <summary>A parent commit id: null when absent, InvalidParentCommitIdException unless a full object id.</summary>
    public static string? ParentId(string? value) =>
        string.IsNullOrEmpty(value) ? null : GitObjectIds.Normalize(value) ?? throw CodeCommitErrors.InvalidParentCommitId(value);

    /// <summary>
    /// Author and committer: the name given, else the caller's ARN (as the DeleteFile reference
    /// says CodeCommit does); the email given, else none. Characters git would drop from an
    /// identity (<c>&lt;</c>, <c>&gt;</c>, line breaks, NUL) are removed from the name and refused in the email.
    /// </summary>
    public static CommitIdentity Identity(CallContext call, string? name, string? email, string? message)
    {
        if (name is { Length: > MaxNameLength })
        {
            throw CodeCommitErrors.NameLengthExceeded();
        }

        if (email is not null && (email.Length > MaxEmailLength || email.AsSpan().IndexOfAny("<>\r\n\0") >= 0))
        {
            throw CodeCommitErrors.InvalidEmail();
        }

        if (message is not null && Encoding.UTF8.GetByteCount(message) > MaxMessageBytes)
        {
            throw CodeCommitErrors.CommitMessageLengthExceeded();
        }

        var cleaned = name is null ? "" : string.Concat(name.Where(c => c is not ('<' or '>' or '\r' or '\n' or '\0'))).Trim();
        return new CommitIdentity(cleaned.Length > 0 ? cleaned : call.Caller.Arn, email?.Trim() ?? "", string.IsNullOrEmpty(message) ? null : message);
    }

    /// <summary>
    /// CreateCommit's entries, checked in the order of the reference: at least one
    /// (FileEntryRequiredException), at most <see cref="MaxFileEntries"/>, each well formed, no
    /// path changed twice (SamePathRequestException), no put both a file and a folder of another
    /// (PutFileEntryConflictException), and the content within the size limits.
    /// </summary>
    public static ChangePlan Plan(NewCommit commit)
    {
        var count = commit.PutFiles.Count + commit.DeleteFiles.Count + commit.SetFileModes.Count;
        if (count == 0)
        {
            throw CodeCommitErrors.FileEntryRequired();
        }

        if (count > MaxFileEntries)
        {
            throw CodeCommitErrors.MaximumFileEntriesExceeded();
        }

        var puts = commit.PutFiles.Select(Put).ToList();
        var deletes = commit.DeleteFiles.Select(d => Path(d.FilePath)).ToList();
        var modes = commit.SetFileModes.Select(m => new PlannedMode(Path(m.FilePath), Mode(m.FileMode) ?? throw CodeCommitErrors.FileModeRequired(m.FilePath!))).ToList();
        CheckSamePaths([.. puts.Select(p => p.Path), .. puts.Where(p => p.IsMove).Select(p => p.SourcePath!), .. deletes, .. modes.Select(m => m.Path)]);
        CheckFileFolderConflicts(puts);
        CheckSizes(puts);
        return new ChangePlan(puts, deletes, modes, commit.KeepEmptyFolders);
    }

    /// <summary>PutFile's one file: content required and not empty; the size limit of one file.</summary>
    public static ChangePlan PutFile(string? filePath, string? fileMode, byte[]? content)
    {
        var path = Path(filePath);
        var mode = Mode(fileMode);
        if (content is null || content.Length == 0)
        {
            throw CodeCommitErrors.FileContentRequired();
        }

        var put = new PlannedPut(path, mode, content, null, false);
        CheckSizes([put]);
        return new ChangePlan([put], [], [], false);
    }

    private static PlannedPut Put(PutFileEntry entry)
    {
        var path = Path(entry.FilePath);
        if (entry.FileContent is not null && entry.SourceFile is not null)
        {
            throw CodeCommitErrors.FileContentAndSourceFileSpecified(path);
        }

        var mode = Mode(entry.FileMode);
        if (entry.SourceFile is { } source)
        {
            var from = Path(source.FilePath);
            return from.Split('/')[^1] == KeepFileName
                ? throw CodeCommitErrors.RestrictedSourceFile(from)
                : new PlannedPut(path, mode, null, from, source.IsMove);
        }

        return entry.FileContent is { } content
            ? new PlannedPut(path, mode, content, null, false)
            : throw CodeCommitErrors.SourceFileOrContentRequired(path);
    }

    private static void CheckSamePaths(IEnumerable<string> paths)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (!seen.Add(path))
            {
                throw CodeCommitErrors.SamePathRequest(path);
            }
        }
    }

    /// <summary>No put may be a file where another put needs a folder (<c>a</c> and <c>a/b</c>).</summary>
    private static void CheckFileFolderConflicts(List<PlannedPut> puts)
    {
        var files = puts.Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var put in puts)
        {
            for (var slash = put.Path.IndexOf('/'); slash > 0; slash = put.Path.IndexOf('/', slash + 1))
            {
                if (files.Contains(put.Path[..slash]))
                {
                    throw CodeCommitErrors.PutFileEntryConflict(put.Path[..slash], put.Path);
                }
            }
        }
    }

    /// <summary>Each file at most 6 MiB, each folder's new content at most 6 MiB, all of it at most 7 MiB.</summary>
    private static void CheckSizes(IReadOnlyList<PlannedPut> puts)
    {
        var withContent = puts.Where(p => p.Content is not null).ToList();
        if (withContent.Any(p => p.Content!.Length > FileService.MaxContentBytes))
        {
            throw CodeCommitErrors.FileContentSizeLimitExceeded();
        }

        foreach (var folder in withContent.GroupBy(p => Folder(p.Path), StringComparer.Ordinal))
        {
            if (folder.Sum(p => (long)p.Content!.Length) > FileService.MaxContentBytes)
            {
                throw CodeCommitErrors.FolderContentSizeLimitExceeded(folder.Key.Length == 0 ? "/" : folder.Key);
            }
        }

        if (withContent.Sum(p => (long)p.Content!.Length) > MaxCombinedContentBytes)
        {
            throw CodeCommitErrors.FileContentSizeLimitExceeded();
        }
    }

    /// <summary>The folder a path is in; <c>""</c> for the root.</summary>
    public static string Folder(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }
}
