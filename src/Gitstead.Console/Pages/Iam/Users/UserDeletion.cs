using Gitstead.Aws;
using Gitstead.Iam.Users;

namespace Gitstead.Console.Pages.Iam.Users;

/// <summary>How a user's delete ended: done, or refused with AWS's message and, for a DeleteConflict, what to remove first.</summary>
public sealed record UserDeletion(string UserName, string? Error, string? Explanation)
{
    public bool Deleted => Error is null;

    /// <summary>DeleteUser through the service; a refusal or conflict is the result, not an exception.</summary>
    public static async Task<UserDeletion> RunAsync(UserService users, CallContext call, string userName, CancellationToken ct)
    {
        try
        {
            await users.DeleteAsync(call, userName, ct);
            return new UserDeletion(userName, null, null);
        }
        catch (AccessDeniedException ex)
        {
            return new UserDeletion(userName, ex.Message, null);
        }
        catch (AwsServiceException ex)
        {
            return new UserDeletion(userName, ex.Message, ex.Code == "DeleteConflict" ? DeleteConflicts.Explain(ex.Message, isGroup: false) : null);
        }
    }
}
