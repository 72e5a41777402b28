using Gitstead.Aws;
using Gitstead.Iam.Sts;
using Microsoft.Extensions.DependencyInjection;

namespace Gitstead.Iam.Api;

/// <summary>
/// The STS operation table (Query protocol, <c>Action=OP</c> with SigV4 service <c>sts</c>):
/// every operation Gitstead serves and its handler.
/// </summary>
internal static class StsOperations
{
    public const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    /// <summary>The table, over the handler classes registered by <see cref="IamServiceCollectionExtensions.AddIam"/>.</summary>
    public static AwsServiceDefinition Create(IServiceProvider services)
    {
        var sts = services.GetRequiredService<StsApi>();
        return AwsServiceDefinition.Query("sts", "2011-06-15", Namespace, new Dictionary<string, AwsOperationHandler>
        {
            ["GetCallerIdentity"] = sts.GetCallerIdentityAsync,
            ["GetSessionToken"] = sts.GetSessionTokenAsync,
        });
    }
}
