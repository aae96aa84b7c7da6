using System.Diagnostics;
using Analytics.Diagnostics;
using Analytics.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Analytics.AspNetCore.Endpoints;

/// <summary>
/// Wraps every read: turns an unreachable store, or a full set of query slots (Analytics:MaxConcurrentQueries), into
/// 503 with Retry-After, so a client retries instead of seeing a 500, and times the read (<c>analytics.query.duration</c>, activity <c>analytics.query</c>) by kind.
/// </summary>
internal sealed class StoreUnavailableFilter : IEndpointFilter
{
    private readonly AnalyticsMetrics _metrics;

    public StoreUnavailableFilter(AnalyticsMetrics metrics)
    {
        _metrics = metrics;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var kind = Kind(context.HttpContext);
        using var activity = AnalyticsMetrics.StartQuery(kind);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await next(context);
            _metrics.Query(kind, Stopwatch.GetElapsedTime(started), (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK);
            return result;
        }
        catch (EventStoreUnavailableException)
        {
            _metrics.Query(kind, Stopwatch.GetElapsedTime(started), StatusCodes.Status503ServiceUnavailable);
            activity?.SetStatus(ActivityStatusCode.Error, "store unavailable");
            return Problems.StoreUnavailable(context.HttpContext);
        }
        catch (QueryCapacityExceededException ex)
        {
            _metrics.Query(kind, Stopwatch.GetElapsedTime(started), StatusCodes.Status503ServiceUnavailable);
            activity?.SetStatus(ActivityStatusCode.Error, "too many queries");
            return Problems.QueriesBusy(context.HttpContext, ex.Message);
        }
    }

    // A fixed set of names, never the path: the route's name says which read it is.
    private static string Kind(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName switch
    {
        "Analytics_AggregateEvents" => "aggregate",
        "Analytics_GetEvent" => "event",
        "Analytics_QueryStats" => "stats",
        "Analytics_RealtimeVisitors" => "realtime",
        "Analytics_Sites" => "sites",
        _ => "other",
    };
}
