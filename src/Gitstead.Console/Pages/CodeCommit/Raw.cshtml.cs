using Gitstead.Aws;
using Gitstead.CodeCommit.Repositories;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Gitstead.Console.Pages.CodeCommit;

/// <summary>
/// A file's bytes as a download (<c>codecommit:GetFile</c>), streamed from git into the response
/// as they are read, whatever the size. Always an attachment, never sniffed, and never served as
/// HTML or script: text is <c>text/plain</c>, everything else <c>application/octet-stream</c>.
/// A refusal or a missing file is a page with the service's message.
/// </summary>
public sealed class RawModel(ReferenceService references, FileService files) : RepositoryPage
{
    public async Task<IActionResult> OnGetAsync(string? rest)
    {
        var ct = HttpContext.RequestAborted;
        var branches = (await TryQuietlyAsync(() => references.ListBranchesAsync(Call, Name, PageRequest.First(1000), ct)))?.Items ?? [];
        var tags = (await TryQuietlyAsync(() => references.ListTagsAsync(Call, Name, PageRequest.First(1000), ct)))?.Items ?? [];
        var (reference, path) = RefPath.Split(rest, branches.Select(b => b.Name).Concat(tags.Select(t => t.Name)));
        FileDescription file;
        try
        {
            file = await files.DescribeFileAsync(Call, Name, reference, path, ct);
        }
        catch (AccessDeniedException ex)
        {
            Error = ex.Message;
            Response.StatusCode = 403;
            return Page();
        }
        catch (AwsServiceException ex)
        {
            Error = ex.Message;
            Response.StatusCode = 404;
            return Page();
        }

        var fileName = file.FilePath.Contains('/') ? file.FilePath[(file.FilePath.LastIndexOf('/') + 1)..] : file.FilePath;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        Response.Headers.ContentDisposition = disposition.ToString();
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.ContentType = file.IsBinary ? "application/octet-stream" : "text/plain; charset=utf-8";
        Response.ContentLength = file.FileSize;

        // By commit id: the bytes described are the bytes sent, even if the branch moves meanwhile.
        await files.CopyFileAsync(Call, Name, file.CommitId, file.FilePath, Response.Body, ct);
        return new EmptyResult();
    }
}
