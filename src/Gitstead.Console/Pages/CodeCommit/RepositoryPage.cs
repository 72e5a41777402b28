using Gitstead.CodeCommit.Repositories;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>
/// A page of one repository (<c>/console/codecommit/repositories/{name}/…</c>): its name from
/// the route, its metadata read with GetRepository as the signed-in principal, the side
/// navigation of the repository, and links that keep the region.
/// </summary>
public abstract class RepositoryPage : RegionalConsolePage
{
    /// <summary>The repository name from the route (decoded).</summary>
    public string Name => RouteData.Values["name"] as string ?? "";

    /// <summary>The repository as GetRepository describes it; null when that call was refused (see <see cref="ConsolePage.Error"/>).</summary>
    public RepositoryMetadata? Repository { get; private set; }

    /// <summary>The three clone URLs of the repository (HTTPS, SSH, HTTPS for git-remote-codecommit).</summary>
    public CloneLinks? Clone => Repository is { } r ? CloneLinks.For(r, Region) : null;

    /// <summary><c>/console/codecommit/repositories/NAME/SUB?region=R</c>.</summary>
    public string RepositoryUrl(string sub, string? name = null) =>
        RegionUrl($"/console/codecommit/repositories/{Uri.EscapeDataString(name ?? Name)}/{sub}");

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ViewData["Service"] = "codecommit";
        ViewData["Repository"] = Name;
        base.OnPageHandlerExecuting(context);
    }

    /// <summary>Reads the repository (GetRepository); false, with AWS's sentence as the page's error, when refused.</summary>
    protected async Task<bool> LoadRepositoryAsync(RepositoryService repositories)
    {
        Repository = await TryAsync(() => repositories.GetAsync(Call, Name, HttpContext.RequestAborted));
        return Repository is not null;
    }
}

/// <summary>What the Clone URL menu offers: CodeCommit's HTTPS and SSH URLs and git-remote-codecommit's <c>codecommit::REGION://NAME</c>.</summary>
public sealed record CloneLinks(string Name, string Https, string Ssh, string Grc)
{
    public static CloneLinks For(RepositoryMetadata repository, string region) =>
        new(repository.Name, repository.CloneUrlHttp, repository.CloneUrlSsh, $"codecommit::{region}://{repository.Name}");
}

/// <summary>What the connection steps need: the URLs, and for an empty repository the branch its first push creates.</summary>
public sealed record ConnectionSteps(CloneLinks Links, bool Empty);
