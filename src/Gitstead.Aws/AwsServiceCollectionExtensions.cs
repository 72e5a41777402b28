using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gitstead.Aws;

public static class AwsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the dispatcher and the region settings every area reads, validated at start.
    /// Services register their <see cref="AwsServiceDefinition"/> themselves.
    /// </summary>
    public static IServiceCollection AddAwsWireLayer(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AwsDispatcher>();
        services.TryAddSingleton<ApiConcurrencyLimiter>();
        services.AddOptions<ApiLimitOptions>().BindConfiguration(ApiLimitOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.QueueTimeout >= TimeSpan.Zero, $"{ApiLimitOptions.Section}:QueueTimeout must not be negative.")
            .ValidateOnStart();
        services.TryAddSingleton<IAuditTrail, NoAuditTrail>();
        services.AddOptions<RegionOptions>().BindConfiguration(RegionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>Maps the one API endpoint every AWS client is pointed at with <c>--endpoint-url</c>.</summary>
    public static IEndpointRouteBuilder MapAwsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/", ctx => ctx.RequestServices.GetRequiredService<AwsDispatcher>().HandleAsync(ctx));
        // One GET / endpoint (two made every presigned call an ambiguous-route 500): presigned
        // Query calls carry their parameters in the query; a bare GET / is a browser, sent to the console.
        endpoints.MapGet("/", ctx =>
        {
            if (!ctx.Request.QueryString.HasValue)
            {
                ctx.Response.Redirect("/console");
                return Task.CompletedTask;
            }

            return ctx.RequestServices.GetRequiredService<AwsDispatcher>().HandleAsync(ctx);
        });
        return endpoints;
    }
}
