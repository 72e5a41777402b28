using Microsoft.AspNetCore.Mvc.Filters;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>CodeCommit's setup guide for HTTPS users with Git credentials, with links to the console pages of each step.</summary>
public sealed class GettingStartedModel : RegionalConsolePage
{
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ViewData["Service"] = "codecommit";
        base.OnPageHandlerExecuting(context);
    }

    public void OnGet()
    {
    }
}
