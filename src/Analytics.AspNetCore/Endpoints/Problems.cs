using System.Globalization;
using Analytics.Diagnostics;
using Analytics.Ingestion;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.AspNetCore.Endpoints;

/// <summary>The RFC 9457 problem answers the endpoints give, in one place so they read the same everywhere.</summary>
internal static class Problems
{
    /// <summary>Seconds a client should wait after the store was unreachable.</summary>
    public const int StoreRetryAfterSeconds = 5;

    /// <summary>Seconds a client should wait after the queue was full: it drains in well under a second under load.</summary>
    public const int QueueRetryAfterSeconds = 1;

    /// <summary>Seconds a client should wait when every query slot was taken: heavy queries take seconds.</summary>
    public const int QueriesBusyRetryAfterSeconds = 2;

    public static ValidationProblem Validation(ValidationErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request has invalid fields.");

    /// <summary>
    /// 400 for a stats query: a validation problem that also carries the messages in a top-level <c>error</c>, the
    /// member Plausible's clients read.
    /// </summary>
    public static ValidationProblem StatsValidation(ValidationErrors errors)
    {
        var byField = errors.ToDictionary();
        return TypedResults.ValidationProblem(
            byField,
            title: "The query is invalid.",
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["error"] = string.Join("\n", byField.Values.SelectMany(messages => messages)),
            });
    }

    public static ProblemHttpResult UnsupportedMediaType(string expected) => TypedResults.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType,
        title: "Unsupported media type",
        detail: $"Send {expected}.");

    public static ProblemHttpResult TooLarge(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Request body too large",
        detail: detail);

    public static ProblemHttpResult StoreUnavailable(HttpContext context) => ServiceUnavailable(
        context,
        "store_unavailable",
        StoreRetryAfterSeconds,
        "Analytics store unavailable",
        "The event store cannot be reached; nothing was stored.");

    public static ProblemHttpResult QueriesBusy(HttpContext context, string detail) => ServiceUnavailable(
        context,
        "overloaded",
        QueriesBusyRetryAfterSeconds,
        "Too many queries",
        detail);

    /// <summary>503 for a submission that was not acknowledged, or 400 when the store refused every event.</summary>
    public static ProblemHttpResult NotAcknowledged(HttpContext context, IngestionResult result) => result.Status switch
    {
        IngestionStatus.QueueFull => ServiceUnavailable(
            context,
            "queue_full",
            QueueRetryAfterSeconds,
            "Ingestion queue full",
            "The service is taking events as fast as the store commits them; nothing was stored."),
        IngestionStatus.Rejected or IngestionStatus.PartiallyStored => TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "Event refused by the store",
            detail: "The store refused the event although it passed validation; nothing was stored."),
        _ => StoreUnavailable(context),
    };

    /// <summary>401 with <c>WWW-Authenticate: Bearer</c> (RFC 6750): no key, or one that is not a current key.</summary>
    public static ProblemHttpResult Unauthorized(HttpContext context, string detail)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required", detail: detail);
    }

    /// <summary>403: a current key that may not do this.</summary>
    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed for this API key", detail: detail);

    /// <summary>429 with Retry-After: the client's requests of this window are used up on <paramref name="surface"/> (<c>ingest</c> or <c>read</c>).</summary>
    public static ProblemHttpResult TooManyRequests(HttpContext context, string surface, TimeSpan retryAfter)
    {
        context.RequestServices.GetService<AnalyticsMetrics>()?.RecordThrottled(surface);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            detail: $"This client has used up its requests for now (Analytics:RateLimits). Retry after {seconds} seconds.");
    }

    /// <summary>
    /// 400 for events that failed validation on an ingest route, counted as rejected (<c>invalid</c>):
    /// <paramref name="events"/> is how many were refused.
    /// </summary>
    public static ValidationProblem InvalidEvents(HttpContext context, ValidationErrors errors, int events = 1)
    {
        CountInvalid(context, events);
        return Validation(errors);
    }

    /// <summary>Counts items of a batch refused for validation while the others go on (<c>invalid</c>).</summary>
    public static void CountInvalid(HttpContext context, int events)
    {
        if (events > 0)
        {
            context.RequestServices.GetService<AnalyticsMetrics>()?.Rejected("invalid", events);
        }
    }

    /// <summary>Counts events dropped on purpose (<c>bot</c>, <c>unknown_site</c>): answered with success, never stored.</summary>
    public static void CountDropped(HttpContext context, string reason, int events)
    {
        if (events > 0)
        {
            context.RequestServices.GetService<AnalyticsMetrics>()?.Dropped(reason, events);
        }
    }

    private static ProblemHttpResult ServiceUnavailable(HttpContext context, string reason, int retryAfterSeconds, string title, string detail)
    {
        context.RequestServices.GetService<AnalyticsMetrics>()?.Unavailable(reason);
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: title,
            detail: $"{detail} Retry after {retryAfterSeconds} seconds.");
    }
}
