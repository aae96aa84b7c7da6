using Analytics.Storage;
using Microsoft.AspNetCore.Http;

namespace Analytics.AspNetCore.Endpoints;

/// <summary>
/// Turns an unreachable store, or a full set of query slots (Analytics:MaxConcurrentQueries), into 503 with
/// Retry-After, so a client retries instead of seeing a 500.
/// </summary>
internal sealed class StoreUnavailableFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (EventStoreUnavailableException)
        {
            return Problems.StoreUnavailable(context.HttpContext);
        }
        catch (QueryCapacityExceededException ex)
        {
            return Problems.QueriesBusy(context.HttpContext, ex.Message);
        }
    }
}
