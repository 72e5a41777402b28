namespace Gitstead.Aws;

/// <summary>
/// An outcome the client is expected to see, rendered by the wire layer in the protocol of
/// the service that was called. <see cref="Code"/> is the code on the wire: for Query
/// services (IAM, STS) the model's <c>error.code</c> (<c>NoSuchEntity</c>), for JSON services
/// the exception shape name (<c>RepositoryDoesNotExistException</c>).
/// </summary>
public class AwsServiceException(string code, string message, int statusCode = 400, bool senderFault = true)
    : Exception(message)
{
    public string Code { get; } = code;

    public int StatusCode { get; } = statusCode;

    public bool SenderFault { get; } = senderFault;
}
