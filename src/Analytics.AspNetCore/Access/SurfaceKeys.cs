using Analytics.ApiKeys;
using Analytics.AspNetCore.Endpoints;
using Analytics.Storage;
using Microsoft.AspNetCore.Http;

namespace Analytics.AspNetCore.Access;

/// <summary>
/// What both surfaces' filters share: the key service and the surface's rate limiter, and the look-up of a bearer key.
/// A key the service does not remember costs a store look-up, so it counts against the client's address as well: made-up
/// keys cannot make the store work without limit.
/// </summary>
internal sealed class SurfaceKeys(IApiKeyService keys, SurfaceRateLimiter limiter, string surface)
{
    /// <summary>The surface's name in the throttling counter and the 429's wording: <c>ingest</c> or <c>read</c>.</summary>
    public string Surface { get; } = surface;

    /// <summary>The current key <paramref name="token"/> names (null when none), or the answer that refuses the request (429, 503).</summary>
    public async Task<(ApiKeyInfo? Key, IResult? Refusal)> VerifyAsync(HttpContext context, string token)
    {
        if (keys is ApiKeyService service && !service.IsRemembered(token) && !limiter.TryAcquire(ClientPartition.Of(context), out var lookupRetry))
        {
            return (null, Problems.TooManyRequests(context, Surface, lookupRetry));
        }

        try
        {
            return (await keys.VerifyAsync(token, context.RequestAborted), null);
        }
        catch (EventStoreUnavailableException)
        {
            return (null, Problems.StoreUnavailable(context));
        }
    }

    /// <summary>Takes one request's permit from <paramref name="partition"/>, or the 429 that refuses the request.</summary>
    public IResult? Limit(HttpContext context, string partition) =>
        limiter.TryAcquire(partition, out var retryAfter) ? null : Problems.TooManyRequests(context, Surface, retryAfter);
}
