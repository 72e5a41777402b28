using Gitstead.Aws;
using Gitstead.Console.Pages.Iam;
using Gitstead.Kms.Keys;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Gitstead.Console.Pages.Kms;

/// <summary>
/// The base of the KMS pages: regional (the region selector, links that keep <c>?region=</c>),
/// the signed-in principal as a direct <see cref="KmsCall"/>, and KMS errors written as the
/// console writes them: <c>Code: message</c> (AWS's exception name first), a refusal as AWS's sentence.
/// </summary>
public abstract class KmsPage : RegionalConsolePage
{
    /// <summary>The signed-in principal calling KMS directly (no <c>kms:ViaService</c>).</summary>
    protected KmsCall Kms => KmsCall.Direct(Call);

    protected CancellationToken Aborted => HttpContext.RequestAborted;

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ViewData["Service"] = "kms";
        base.OnPageHandlerExecuting(context);
    }

    /// <summary>A key's page, on a tab when given.</summary>
    public string KeyUrl(string keyId, string? tab = null) =>
        RegionUrl(KmsLinks.Key(keyId)) + (tab is null ? "" : "&tab=" + Uri.EscapeDataString(tab));

    /// <summary>Runs a KMS call; a refusal or error becomes the page's <see cref="ConsolePage.Error"/>.</summary>
    protected async Task<bool> KmsAsync(Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception ex) when (ex is AccessDeniedException or AwsServiceException)
        {
            Error = KmsFormat.Error(ex);
            return false;
        }
    }

    /// <summary>Reads one section of a page; a refusal or error stays in that section.</summary>
    protected static async Task<Loaded<T>> LoadAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return new Loaded<T>(await read(), null);
        }
        catch (Exception ex) when (ex is AccessDeniedException or AwsServiceException)
        {
            return new Loaded<T>(default, KmsFormat.Error(ex));
        }
    }
}

/// <summary>Console addresses of the KMS pages (without the region).</summary>
public static class KmsLinks
{
    public const string CustomerKeys = "/console/kms/keys";
    public const string AwsKeys = "/console/kms/aws-managed-keys";
    public const string CreateKey = "/console/kms/keys/create";

    public static string Key(string keyId) => $"/console/kms/keys/{Uri.EscapeDataString(keyId)}";

    /// <summary>The key id of a key id or key ARN (<c>arn:aws:kms:R:A:key/ID</c>).</summary>
    public static string KeyIdOf(string keyIdOrArn) =>
        keyIdOrArn.LastIndexOf(":key/", StringComparison.Ordinal) is var i and >= 0 ? keyIdOrArn[(i + 5)..] : keyIdOrArn;
}

/// <summary>How the KMS pages write states, dates and errors.</summary>
public static class KmsFormat
{
    /// <summary>An AWS error as the KMS console shows it: the exception's name, then its message (AccessDenied: AWS's sentence).</summary>
    public static string Error(Exception ex) => ex switch
    {
        AwsServiceException { Message.Length: 0 } aws => aws.Code,
        AwsServiceException aws => $"{aws.Code}: {aws.Message}",
        _ => ex.Message,
    };

    public static string State(string state) => state switch
    {
        "PendingDeletion" => "Pending deletion",
        _ => state,
    };

    /// <summary>The status dot's class: green while enabled, grey otherwise.</summary>
    public static string StateClass(string state) => state == "Enabled" ? "status ok" : "status off";

    public static string Date(DateTime? utc) => utc is { } t ? CodeCommit.Display.Date(t) : "—";
}
