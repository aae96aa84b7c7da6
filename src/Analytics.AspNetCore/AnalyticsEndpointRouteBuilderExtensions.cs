using System.Text.Json;
using Analytics.AspNetCore.Endpoints;
using Analytics.AspNetCore.Serialization;
using Analytics.AspNetCore.Tracker;
using Analytics.Events;
using Analytics.Querying;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the analytics HTTP API.</summary>
public static class AnalyticsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST /api/events</c>, <c>POST /api/events/batch</c>, Plausible's Events API (<c>POST /api/event</c>),
    /// Umami's collect API (<c>POST /api/send</c>, <c>POST /api/batch</c>), the browser tracker <c>GET /analytics.js</c>
    /// (docs/tracker.md; these only when ingestion is registered), <c>GET /api/events</c>, <c>GET /api/events/{id}</c>,
    /// Plausible's stats API (<c>POST /api/v2/query</c>, <c>GET /api/v1/stats/realtime/visitors</c>), <c>GET /health</c>
    /// (the store answers), <c>GET /health/live</c> (the process answers) and <c>GET /health/ready</c> (the store answers
    /// and the ingestion queue is less than nine tenths full)
    /// (each also with a trailing slash). Returns the group's convention builder, so a host can chain
    /// <c>.RequireAuthorization()</c> or <c>.RequireCors()</c>, and map it under <c>MapGroup("/prefix")</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>AddAnalytics</c> was not called.</exception>
    public static IEndpointConventionBuilder MapAnalyticsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<AnalyticsServiceCollectionExtensions.AnalyticsMarker>() is null)
        {
            throw new InvalidOperationException(
                "Analytics services are not registered. Call builder.Services.AddAnalytics(...) before app.MapAnalyticsEndpoints().");
        }

        var group = endpoints.MapGroup("");
        var events = group.MapGroup("/api/events")
            .WithTags("Events");

        // A read-only node (AddAnalytics().WithoutIngestion()) has no pipeline: it maps the reads only.
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>()?.IsService(typeof(Analytics.Ingestion.IngestionPipeline)) == true)
        {
            events.MapPost("/", EventEndpoints.PostAsync)
                .WithName("Analytics_PostEvent")
                .WithSummary("Ingest one page view")
                .WithDescription("Stores the event and answers 201 with the stored event, including its id and the derived operating_system, once it is committed. 503 with Retry-After when it cannot be stored.")
                // Documents the JSON body without listing content types: with a list, routing answers other content
                // types itself with a bare 415, before the handler can answer with a problem.
                .WithMetadata(new AcceptsMetadata([], typeof(EventInput)))
                .Produces<AnalyticsEvent>(StatusCodes.Status201Created)
                .Produces<AnalyticsEvent>(StatusCodes.Status202Accepted)
                .ProducesBodyProblems();

            group.MapGroup("/api/event")
                .WithTags("Plausible")
                .MapPost("/", PlausibleEventEndpoints.PostAsync)
                .WithName("Analytics_PostPlausibleEvent")
                .WithSummary("Ingest one event sent by Plausible's tracker (Plausible's Events API)")
                .WithDescription("Plausible's body ({\"n\":\"pageview\",\"u\":\"https://shop.test/a\",\"d\":\"shop.test\",\"r\":null,\"p\":{\"plan\":\"pro\"}}, short or long keys) as text/plain or application/json; 202 \"ok\" once committed, with x-plausible-dropped when a bot's event or one for a site not served was dropped. docs/events-api.md.")
                .WithMetadata(new AcceptsMetadata([], typeof(string)))
                .Produces<string>(StatusCodes.Status202Accepted, "text/plain")
                .ProducesBodyProblems();

            var umami = group.MapGroup("/api").WithTags("Umami");
            umami.MapPost("/send", UmamiEndpoints.SendAsync)
                .WithName("Analytics_PostUmamiEvent")
                .WithSummary("Ingest one item sent by Umami's tracker or client (Umami's collect API)")
                .WithDescription("Umami's body ({\"type\":\"event\",\"payload\":{\"website\":\"<id>\",\"url\":\"/a\",\"hostname\":\"shop.test\",\"name\":\"signup\",\"data\":{\"plan\":\"pro\"}}}); the website id maps to a site by Analytics:Sites:N:UmamiWebsiteId. 200 {cache, sessionId, visitId} once committed; a bot gets 200 {\"beep\":\"boop\"}. docs/events-api.md.")
                .WithMetadata(new AcceptsMetadata([], typeof(string)))
                .Produces<UmamiSendResponse>(StatusCodes.Status200OK)
                .ProducesBodyProblems();

            umami.MapPost("/batch", UmamiEndpoints.BatchAsync)
                .WithName("Analytics_PostUmamiBatch")
                .WithSummary("Ingest a JSON array of Umami items")
                .WithDescription("Each item as POST /api/send takes it; 200 {size, processed, errors, details} once the events are committed, details naming each refused item by index.")
                .WithMetadata(new AcceptsMetadata([], typeof(string)))
                .Produces<UmamiBatchResponse>(StatusCodes.Status200OK)
                .ProducesBodyProblems();

            events.MapPost("/batch", EventEndpoints.PostBatchAsync)
                .WithName("Analytics_PostEventBatch")
                .WithSummary("Ingest up to 1,000 page views in one request")
                .WithDescription("A JSON array, or NDJSON (application/x-ndjson). Valid items are stored; invalid ones are reported by index. 200 with a summary.")
                .WithMetadata(new AcceptsMetadata([], typeof(EventInput[])))
                .Produces<BatchResponse>(StatusCodes.Status200OK)
                .ProducesBodyProblems();

            // The browser tracker belongs with ingestion: a node that cannot take its events does not hand it out.
            group.MapGet(TrackerScriptEndpoint.Pattern, TrackerScriptEndpoint.Get)
                .WithName(TrackerScriptEndpoint.Name)
                .ExcludeFromDescription();
        }

        events.MapGet("/", EventEndpoints.AggregateAsync)
            .WithName("Analytics_AggregateEvents")
            .WithSummary("Page views per time bucket, page and operating system")
            .WithDescription("Query: duration (\"15 minutes\", \"1 hour\", \"1 day\", \"1 week\", \"1 month\"; default 1 day), pages (repeatable; none means all), from, to (ISO 8601).")
            // Only the reads reach the store from the request; ingestion goes through the pipeline, which never
            // throws for an unreachable store, so the POSTs are spared the filter's per-request cost.
            .AddEndpointFilter<StoreUnavailableFilter>()
            .Produces<IReadOnlyList<AggregateRow>>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        events.MapGet("/{id}", EventEndpoints.GetByIdAsync)
            .WithName("Analytics_GetEvent")
            .WithSummary("One stored event")
            .AddEndpointFilter<StoreUnavailableFilter>()
            .Produces<AnalyticsEvent>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        var stats = group.MapGroup("/api")
            .WithTags("Stats")
            .AddEndpointFilter<StoreUnavailableFilter>();

        stats.MapPost("/v2/query", StatsEndpoints.QueryAsync)
            .WithName("Analytics_QueryStats")
            .WithSummary("Query stats (Plausible's Stats API v2)")
            .WithDescription(StatsQueryDescription)
            .WithMetadata(new AcceptsMetadata([], typeof(StatsQueryRequest)))
            .Produces<StatsResponse>(StatusCodes.Status200OK)
            .ProducesBodyProblems();

        stats.MapGet("/v1/stats/realtime/visitors", StatsEndpoints.RealtimeVisitorsAsync)
            .WithName("Analytics_RealtimeVisitors")
            .WithSummary("Visitors of the last five minutes (Plausible's realtime API)")
            .WithDescription("A bare JSON integer: the distinct visitors with an event in the last five minutes.")
            .Produces<long>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapHealthChecks("/health", new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(AnalyticsServiceCollectionExtensions.HealthCheckTag),
            ResponseWriter = WriteHealthAsync,
        }).WithTags("Health");

        // Liveness runs no check: the process answers. Readiness: the store answers and the ingestion queue has room.
        group.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = WriteHealthAsync,
        }).WithTags("Health");

        group.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(AnalyticsServiceCollectionExtensions.ReadinessTag),
            ResponseWriter = WriteHealthAsync,
        }).WithTags("Health");

        return group;
    }

    private const string StatsQueryDescription = """
        Plausible's Stats API v2 over the stored events (docs/stats-api.md). A 400 is a validation problem whose `errors`
        name the member and whose `error` holds the message, as Plausible's clients expect.

        Request:

        ```json
        {
          "site_id": "example.com",
          "metrics": ["visitors", "pageviews", "bounce_rate"],
          "date_range": "7d",
          "dimensions": ["time:day", "visit:source"],
          "filters": [["is", "visit:device", ["Mobile"]], ["contains", "event:page", ["/blog"], {"case_sensitive": false}]],
          "order_by": [["time:day", "asc"], ["visitors", "desc"]],
          "include": {"total_rows": true, "comparisons": {"mode": "previous_period"}},
          "pagination": {"limit": 100, "offset": 0}
        }
        ```

        Response:

        ```json
        {
          "results": [
            {"metrics": [12, 30, 42], "dimensions": ["2026-03-02", "Google"],
             "comparison": {"dimensions": ["2026-02-23", "Google"], "metrics": [10, 21, 50], "change": [20, 43, -8]}}
          ],
          "meta": {"total_rows": 1},
          "query": {
            "site_id": "example.com",
            "metrics": ["visitors", "pageviews", "bounce_rate"],
            "date_range": ["2026-03-02T00:00:00+01:00", "2026-03-08T23:59:59+01:00"],
            "filters": [["is", "visit:device", ["Mobile"]], ["contains", "event:page", ["/blog"], {"case_sensitive": false}]],
            "dimensions": ["time:day", "visit:source"],
            "order_by": [["time:day", "asc"], ["visitors", "desc"]],
            "include": {"total_rows": true, "comparisons": {"mode": "previous_period"}},
            "pagination": {"limit": 100, "offset": 0}
          }
        }
        ```
        """;

    // What a route that reads a JSON body may answer besides its success: a bad body, one too large, one not JSON,
    // and a store that did not answer in time.
    private static RouteHandlerBuilder ProducesBodyProblems(this RouteHandlerBuilder builder) => builder
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var status = report.Status == HealthStatus.Unhealthy ? "unhealthy" : "ok";
        return JsonSerializer.SerializeAsync(context.Response.Body, new HealthResponse(status), AnalyticsJsonContext.Default.HealthResponse, context.RequestAborted);
    }
}
