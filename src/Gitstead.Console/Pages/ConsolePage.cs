using Gitstead.Aws;
using Gitstead.Console.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gitstead.Console.Pages;

/// <summary>A one-time message carried to the next page (after a redirect).</summary>
public sealed record Flash(string Kind, string Text);

/// <summary>
/// What every console page shares: the signed-in principal as a <see cref="CallContext"/> for
/// the page's region, which it hands to the same services the API calls (they authorize); the
/// region from <c>?region=</c>; and the messages shown above the content.
/// </summary>
public abstract class ConsolePage : PageModel
{
    private const string FlashKind = "flash.kind";
    private const string FlashText = "flash.text";

    /// <summary>True for pages of a regional service (CodeCommit): the header shows the region selector.</summary>
    public virtual bool IsRegional => false;

    /// <summary>The signed-in principal, as the session describes it.</summary>
    public ConsoleIdentity? Identity => HttpContext.Features.Get<ConsoleCaller>()?.Identity;

    /// <summary>Who is calling, from where, in the page's region: what services take.</summary>
    public CallContext Call => _call ??= HttpContext.Features.Get<ConsoleCaller>()?.CallFor(HttpContext, Region)
        ?? throw new InvalidOperationException("A console page ran without a signed-in principal.");

    /// <summary>The region of the page: <c>?region=</c> when it is enabled, else the default region.</summary>
    public string Region => _region ??= ResolveRegion();

    public IReadOnlyList<string> Regions => RegionOptions.AllRegions();

    /// <summary>A message carried from the previous request, if any.</summary>
    public Flash? Flash { get; private set; }

    /// <summary>An error to show above the content (AWS's sentence for a denied action).</summary>
    public string? Error { get; set; }

    private RegionOptions RegionOptions => HttpContext.RequestServices.GetRequiredService<IOptions<RegionOptions>>().Value;

    private CallContext? _call;
    private string? _region;

    /// <summary>A console URL in this page's region.</summary>
    public string RegionUrl(string path) => $"{path}?region={Uri.EscapeDataString(Region)}";

    /// <summary>True for the pages a principal whose password must be changed may still open.</summary>
    protected virtual bool AllowedDuringPasswordReset => false;

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (Identity is { MustChangePassword: true } && !AllowedDuringPasswordReset)
        {
            context.Result = new RedirectResult("/console/change-password");
            return;
        }

        if (TempData.Peek(FlashText) is string text)
        {
            Flash = new Flash(TempData[FlashKind] as string ?? "info", text);
            TempData.Remove(FlashText);
        }

        base.OnPageHandlerExecuting(context);
    }

    /// <summary>Shows <paramref name="text"/> on the next page (after a redirect).</summary>
    protected void SetFlash(string text, string kind = "success")
    {
        TempData[FlashKind] = kind;
        TempData[FlashText] = text;
    }

    /// <summary>
    /// Runs a service call; a refusal (<see cref="AccessDeniedException"/>) or an AWS error
    /// (<see cref="AwsServiceException"/>) becomes the page's error with the API's own message.
    /// </summary>
    protected async Task<bool> TryAsync(Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (AccessDeniedException ex)
        {
            Error = ex.Message;
        }
        catch (AwsServiceException ex)
        {
            Error = ex.Message;
        }

        return false;
    }

    /// <summary>Like <see cref="TryAsync(Func{Task})"/>, for a call with a result (default when refused).</summary>
    protected async Task<T?> TryAsync<T>(Func<Task<T>> action)
    {
        var result = default(T);
        // A block body: an assignment expression would make the lambda a Func<Task<T>> and call this overload again.
        await TryAsync(async () => { result = await action(); });
        return result;
    }

    /// <summary>A call whose refusal or error the page does without (default when refused), showing nothing.</summary>
    protected static async Task<T?> TryQuietlyAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (ex is AccessDeniedException or AwsServiceException)
        {
            return default;
        }
    }

    private string ResolveRegion()
    {
        var asked = Request.Query["region"].ToString();
        return asked.Length > 0 && Regions.Contains(asked, StringComparer.Ordinal) ? asked : RegionOptions.DefaultRegion;
    }
}

/// <summary>A console page of a regional service: keeps <c>?region=</c> and shows the region selector.</summary>
public abstract class RegionalConsolePage : ConsolePage
{
    public override bool IsRegional => true;
}

/// <summary>Redirects to the page with the region kept.</summary>
public static class ConsoleRedirects
{
    public static RedirectResult ToRegional(this ConsolePage page, string path) => new(page.RegionUrl(path));
}
