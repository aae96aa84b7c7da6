using Analytics.Storage;
using Microsoft.AspNetCore.Http;

namespace Analytics.AspNetCore.Endpoints;

/// <summary>Turns an unreachable store into 503 with Retry-After, so a client retries instead of seeing a 500.</summary>
internal sealed class StoreUnavailableFilter : IEndpointFilter
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (EventStoreUnavailableException)
        {
            context.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Analytics store unavailable",
                detail: $"The event store cannot be reached; nothing was stored. Retry after {RetryAfterSeconds} seconds.");
        }
    }
}
