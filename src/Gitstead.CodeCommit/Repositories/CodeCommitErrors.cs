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
}
