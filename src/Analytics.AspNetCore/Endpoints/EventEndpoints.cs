using Analytics.AspNetCore.Serialization;
using Analytics.Events;
using Analytics.Ingestion;
using Analytics.Querying;
using Analytics.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Analytics.AspNetCore.Endpoints;

/// <summary>The handlers of <c>/api/events</c>: ingest one event, read one back, aggregate.</summary>
internal static class EventEndpoints
{
    public static async Task<Results<JsonHttpResult<PageViewEvent>, ValidationProblem, ProblemHttpResult>> PostAsync(
        HttpContext context,
        PageViewEventFactory factory,
        IEventStore store,
        IOptionsMonitor<AnalyticsOptions> options,
        CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: "Send the event as JSON with Content-Type: application/json.");
        }

        var maxBytes = options.CurrentValue.MaxEventBodyBytes;
        var body = await RequestBody.ReadAsync(request, maxBytes, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Request body too large",
                detail: $"One event may be at most {maxBytes} bytes of JSON.");
        }

        var errors = new ValidationErrors();
        var input = PageViewJsonReader.ReadSingle(body, errors);
        var pageView = input is null
            ? null
            : factory.Create(input, request.Headers.UserAgent.ToString(), context.Connection.RemoteIpAddress, errors);
        if (pageView is null)
        {
            return ValidationFailed(errors);
        }

        await store.AppendAsync([pageView], cancellationToken);
        context.Response.Headers.Location = $"{request.PathBase}{request.Path.Value?.TrimEnd('/')}/{pageView.Id}";
        return TypedResults.Json(pageView, AnalyticsJsonContext.Default.PageViewEvent, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<Results<JsonHttpResult<PageViewEvent>, ValidationProblem, ProblemHttpResult>> GetByIdAsync(
        string id,
        IEventStore store,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var eventId))
        {
            var errors = new ValidationErrors();
            errors.Add("id", "Must be a UUID, as returned by POST /api/events.");
            return ValidationFailed(errors);
        }

        var pageView = await store.GetAsync(eventId, cancellationToken);
        return pageView is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Event not found", detail: $"No event has the id {eventId}.")
            : TypedResults.Json(pageView, AnalyticsJsonContext.Default.PageViewEvent);
    }

    public static async Task<Results<JsonHttpResult<IReadOnlyList<AggregateRow>>, ValidationProblem>> AggregateAsync(
        HttpRequest request,
        IEventStore store,
        IOptionsMonitor<AnalyticsOptions> options,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var query = request.Query;
        var errors = new ValidationErrors();
        var aggregate = AggregateQueryParser.TryParse(
            query["duration"],
            query["pages"],
            query["from"],
            query["to"],
            timeProvider.GetUtcNow(),
            options.CurrentValue,
            errors);
        if (aggregate is null)
        {
            return ValidationFailed(errors);
        }

        var rows = await store.AggregateAsync(aggregate, cancellationToken);
        return TypedResults.Json(rows, AnalyticsJsonContext.Default.IReadOnlyListAggregateRow);
    }

    private static ValidationProblem ValidationFailed(ValidationErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request has invalid fields.");
}
