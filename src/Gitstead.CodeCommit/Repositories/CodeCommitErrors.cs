using Gitstead.Aws;

namespace Gitstead.CodeCommit.Repositories;

/// <summary>
/// CodeCommit's modelled errors: the wire code is the exception shape name, every one a 400.
/// The three texts moto reproduces (does not exist, already exists, invalid name) are AWS's.
/// </summary>
internal static class CodeCommitErrors
{
    public static AwsServiceException Error(string code, string message) => new(code, message, 400);

    public static AwsServiceException RepositoryDoesNotExist(string name) =>
        Error("RepositoryDoesNotExistException", $"{name} does not exist");

    public static AwsServiceException RepositoryNameExists(string name) =>
        Error("RepositoryNameExistsException", $"Repository named {name} already exists");

    public static AwsServiceException RepositoryNameRequired() =>
        Error("RepositoryNameRequiredException", "A repository name is required, but was not specified.");

    public static AwsServiceException InvalidRepositoryName() =>
        Error("InvalidRepositoryNameException",
            "The repository name is not valid. Repository names can be any valid combination of letters, numbers, " +
            "periods, underscores, and dashes between 1 and 100 characters in length. Names are case sensitive. " +
            "For more information, see Limits in the AWS CodeCommit User Guide.");

    public static AwsServiceException InvalidRepositoryDescription() =>
        Error("InvalidRepositoryDescriptionException",
            "The specified repository description is not valid. Repository descriptions can be up to 1,000 characters long.");

    public static AwsServiceException BranchNameRequired() =>
        Error("BranchNameRequiredException", "A branch name is required, but was not specified.");

    public static AwsServiceException InvalidBranchName(string name) =>
        Error("InvalidBranchNameException", $"The specified branch name is not valid: {name}");

    public static AwsServiceException BranchDoesNotExist(string name) =>
        Error("BranchDoesNotExistException", $"Branch {name} does not exist");

    public static AwsServiceException BranchNameExists(string name) =>
        Error("BranchNameExistsException", $"Branch {name} already exists");

    public static AwsServiceException DefaultBranchCannotBeDeleted(string name) =>
        Error("DefaultBranchCannotBeDeletedException", $"Branch {name} is the default branch of the repository and cannot be deleted. Change the default branch first.");

    public static AwsServiceException CommitIdRequired() =>
        Error("CommitIdRequiredException", "A commit ID is required, but was not specified.");

    public static AwsServiceException InvalidCommitId(string id) =>
        Error("InvalidCommitIdException", $"The specified commit ID is not valid: {id}. Specify the full commit ID.");

    public static AwsServiceException CommitDoesNotExist(string id) =>
        Error("CommitDoesNotExistException", $"Could not find commit {id}");

    public static AwsServiceException CommitIdDoesNotExist(string id) =>
        Error("CommitIdDoesNotExistException", $"Could not find commit {id}");

    public static AwsServiceException CommitIdsListRequired() =>
        Error("CommitIdsListRequiredException", "A list of commit IDs is required, but was either not specified or the list was empty.");

    public static AwsServiceException CommitIdsLimitExceeded() =>
        Error("CommitIdsLimitExceededException", $"The maximum number of allowed commit IDs in a batch request is {CommitService.MaxBatchCommitIds}.");

    public static AwsServiceException CommitRequired() =>
        Error("CommitRequiredException", "A commit was not specified.");

    public static AwsServiceException InvalidCommit(string specifier) =>
        Error("InvalidCommitException", $"The specified commit is not valid: {specifier}");

    public static AwsServiceException CommitSpecifierDoesNotExist(string specifier) =>
        Error("CommitDoesNotExistException", $"Could not find a commit for {specifier}");

    public static AwsServiceException NoDefaultBranch() =>
        Error("CommitDoesNotExistException", "No commit was specified, and the repository has no default branch.");

    public static AwsServiceException BlobIdRequired() =>
        Error("BlobIdRequiredException", "A blob ID is required, but was not specified.");

    public static AwsServiceException InvalidBlobId(string id) =>
        Error("InvalidBlobIdException", $"The specified blob ID is not valid: {id}");

    public static AwsServiceException BlobIdDoesNotExist(string id) =>
        Error("BlobIdDoesNotExistException", $"Could not find blob {id}");

    public static AwsServiceException FileTooLarge() =>
        Error("FileTooLargeException", $"The specified file exceeds the file size limit for CodeCommit ({FileService.MaxContentBytes} bytes).");

    public static AwsServiceException PathRequired() =>
        Error("PathRequiredException", "A path is required, but was not specified.");

    public static AwsServiceException InvalidPath(string path) =>
        Error("InvalidPathException", $"The specified path is not valid: {path}");

    public static AwsServiceException FileDoesNotExist(string path) =>
        Error("FileDoesNotExistException", $"The file {path} does not exist in the specified commit.");

    public static AwsServiceException FolderDoesNotExist(string path) =>
        Error("FolderDoesNotExistException", $"The folder {path} does not exist in the specified commit.");

    public static AwsServiceException PathDoesNotExist(string path) =>
        Error("PathDoesNotExistException", $"The path {path} does not exist in the specified commits.");

    public static AwsServiceException InvalidMaxResults() =>
        Error("InvalidMaxResultsException", "The specified number of maximum results is not valid.");

    public static AwsServiceException InvalidContinuationToken() =>
        Error("InvalidContinuationTokenException", "The specified continuation token is not valid.");

    public static AwsServiceException ParentCommitIdRequired() =>
        Error("ParentCommitIdRequiredException", "A parent commit ID is required. To view the full commit ID of a branch in a repository, use GetBranch or a Git command (for example, git pull or git log).");

    public static AwsServiceException InvalidParentCommitId(string id) =>
        Error("InvalidParentCommitIdException", $"The parent commit ID is not valid: {id}. Specify the full commit ID of the head commit of the branch.");

    public static AwsServiceException ParentCommitDoesNotExist(string id) =>
        Error("ParentCommitDoesNotExistException", $"The parent commit ID {id} does not exist in the repository.");

    public static AwsServiceException ParentCommitIdOutdated(string id) =>
        Error("ParentCommitIdOutdatedException", $"The parent commit ID {id} is not the current tip of the branch. To view the full commit ID of the current head of the branch, use GetBranch.");

    public static AwsServiceException BranchNameIsTagName(string name) =>
        Error("BranchNameIsTagNameException", $"The specified branch name {name} is a tag name. Enter the name of a branch in the repository.");

    public static AwsServiceException FileContentRequired() =>
        Error("FileContentRequiredException", "The file cannot be added because it is empty. Empty files cannot be added to the repository with this API.");

    public static AwsServiceException FileContentSizeLimitExceeded() =>
        Error("FileContentSizeLimitExceededException",
            $"The file cannot be added because it is too large. The maximum file size is {FileService.MaxContentBytes} bytes, and the combined file content change size is {FileWriteRules.MaxCombinedContentBytes} bytes.");

    public static AwsServiceException FolderContentSizeLimitExceeded(string folder) =>
        Error("FolderContentSizeLimitExceededException",
            $"The commit cannot be created because the changes to the folder '{folder}' exceed the limit of {FileService.MaxContentBytes} bytes.");

    public static AwsServiceException FileEntryRequired() =>
        Error("FileEntryRequiredException", "The commit cannot be created because no files have been specified as added, updated, or changed (PutFile or DeleteFile) for the commit.");

    public static AwsServiceException MaximumFileEntriesExceeded() =>
        Error("MaximumFileEntriesExceededException", $"The number of files to change in one commit exceeds the maximum of {FileWriteRules.MaxFileEntries}. Consider using a Git client for these changes.");

    public static AwsServiceException SourceFileOrContentRequired(string path) =>
        Error("SourceFileOrContentRequiredException", $"The commit cannot be created because no source file or file content has been specified for {path}.");

    public static AwsServiceException FileContentAndSourceFileSpecified(string path) =>
        Error("FileContentAndSourceFileSpecifiedException", $"The commit cannot be created because both a source file and file content have been specified for {path}.");

    public static AwsServiceException RestrictedSourceFile(string path) =>
        Error("RestrictedSourceFileException", $"The commit cannot be created because {path} is a .gitkeep file, which cannot be copied or moved.");

    public static AwsServiceException SamePathRequest(string path) =>
        Error("SamePathRequestException", $"The commit cannot be created because more than one change in this commit applies to the path {path}.");

    public static AwsServiceException PutFileEntryConflict(string file, string folder) =>
        Error("PutFileEntryConflictException", $"The commit cannot be created because {file} is specified both as a file and, by {folder}, as a folder.");

    public static AwsServiceException FileModeRequired(string path) =>
        Error("FileModeRequiredException", $"The commit cannot be created because no file mode has been specified for {path}.");

    public static AwsServiceException InvalidFileMode(string mode) =>
        Error("InvalidFileModeException", $"The specified file mode permission is not valid: {mode}. Valid values are EXECUTABLE, NORMAL and SYMLINK.");

    public static AwsServiceException NameLengthExceeded() =>
        Error("NameLengthExceededException", $"The name is not valid because it exceeds the limit of {FileWriteRules.MaxNameLength} characters.");

    public static AwsServiceException InvalidEmail() =>
        Error("InvalidEmailException",
            $"The specified email address either contains characters that are not allowed (<, >, line breaks) or exceeds {FileWriteRules.MaxEmailLength} characters.");

    public static AwsServiceException CommitMessageLengthExceeded() =>
        Error("CommitMessageLengthExceededException", $"The commit message is too long: the limit is {FileWriteRules.MaxMessageBytes} bytes.");

    public static AwsServiceException SameFileContent(string path) =>
        Error("SameFileContentException", $"The file {path} was not added or updated because its content and mode are exactly those it already has in the branch.");

    public static AwsServiceException NoChange() =>
        Error("NoChangeException", "The commit cannot be created because no changes will be made to the repository as a result of this commit. A commit must contain at least one change.");

    public static AwsServiceException FileNameConflictsWithDirectoryName(string path) =>
        Error("FileNameConflictsWithDirectoryNameException", $"The file {path} cannot be added because a folder of that name already exists in the repository.");

    public static AwsServiceException DirectoryNameConflictsWithFileName(string path, string file) =>
        Error("DirectoryNameConflictsWithFileNameException", $"The file {path} cannot be added because {file} is a file in the repository, not a folder.");

    public static AwsServiceException FilePathConflictsWithSubmodulePath(string path, string submodule) =>
        Error("FilePathConflictsWithSubmodulePathException", $"The commit cannot be created because the path {path} points into the submodule {submodule}.");
}
