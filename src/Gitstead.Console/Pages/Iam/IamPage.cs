using Gitstead.Aws;
using Gitstead.Iam.Policies;
using Microsoft.Extensions.DependencyInjection;

namespace Gitstead.Console.Pages.Iam;

/// <summary>
/// What a section of a page read: its value, or the service's refusal or error (AWS's sentence),
/// shown in the section itself so one refused call does not hide the rest of the page.
/// </summary>
public sealed record Loaded<T>(T? Value, string? Error)
{
    public bool Ok => Error is null;
}

/// <summary>
/// The base of the IAM pages: IAM is global (no region selector), and a page that shows several
/// sections reads each with <see cref="LoadAsync{T}"/>, so a refusal stays in its own section.
/// </summary>
public abstract class IamPage : ConsolePage
{
    /// <summary>The most policies a picker lists (AWS's quota of customer managed policies, plus AWS's own).</summary>
    private const int MaxPickerPages = 4;

    /// <summary>A service of the request (the IAM pages share many; each page names only what it calls).</summary>
    protected T Service<T>()
        where T : notnull => HttpContext.RequestServices.GetRequiredService<T>();

    /// <summary>The sign-in page for IAM users, as an absolute URL of this server.</summary>
    public string SignInUrl => $"{Request.Scheme}://{Request.Host}/console/sign-in?as=iam";

    protected CancellationToken Aborted => HttpContext.RequestAborted;

    /// <summary>Runs a read for one section of the page; a refusal or error becomes that section's message.</summary>
    protected static async Task<Loaded<T>> LoadAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return new Loaded<T>(await read(), null);
        }
        catch (Exception ex) when (ex is AccessDeniedException or AwsServiceException)
        {
            return new Loaded<T>(default, ex.Message);
        }
    }

    /// <summary>Every managed policy the caller may list (AWS managed first, then the account's), for a picker.</summary>
    protected async Task<IReadOnlyList<PolicyInfo>> AllPoliciesAsync()
    {
        var all = new List<PolicyInfo>();
        var page = PageRequest.First(1000);
        for (var i = 0; i < MaxPickerPages; i++)
        {
            var policies = await Service<PolicyListService>().ListPoliciesAsync(Call, new PolicyFilter("All", false, "/", null), page, Aborted);
            all.AddRange(policies.Items);
            if (policies.NextToken is null)
            {
                break;
            }

            page = new PageRequest(policies.NextToken, 1000);
        }

        return all;
    }
}
