namespace Gitstead.Policy;

/// <summary>
/// The policy document is not valid IAM policy grammar. <see cref="Exception.Message"/> is
/// the reason in AWS's words, ready for a <c>MalformedPolicyDocument</c> error response.
/// </summary>
public sealed class MalformedPolicyDocumentException : Exception
{
    public MalformedPolicyDocumentException()
        : base(PolicyErrors.Syntax)
    {
    }

    public MalformedPolicyDocumentException(string message)
        : base(message)
    {
    }

    public MalformedPolicyDocumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
