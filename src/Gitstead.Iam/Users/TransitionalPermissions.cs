using Gitstead.Aws;
using Gitstead.Iam.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Gitstead.Iam.Users;

internal static class TransitionalPermissions
{
    /// <summary>TRANSITIONAL: a permission built by a handler, until its service authorizes itself.</summary>
    public static Permission Permission(
        this AwsRequestContext ctx,
        string action,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? conditions = null) =>
        ctx.Http.RequestServices.GetRequiredService<IAuthorizer>().For(ctx.Call, action, conditions);
}
