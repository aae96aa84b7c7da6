using System.Text.Json;
using Analytics;
using Analytics.ApiKeys;
using Analytics.AspNetCore.Access;
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
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the analytics HTTP API.</summary>
public static partial class AnalyticsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps both surfaces (<see cref="MapAnalyticsIngestion"/>, where this node ingests, and
    /// <see cref="MapAnalyticsQueries"/>), <c>GET /health</c> (the store answers), <c>GET /health/live</c> (the process
    /// answers) and <c>GET /health/ready</c> (the store answers and the ingestion queue is less than nine tenths full),
    /// each route also with a trailing slash. Returns the convention builder of all of them, so a host can chain
    /// <c>.RequireCors()</c> or <c>.RequireAuthorization()</c> (which then applies to ingestion too) and map it under
    /// <c>MapGroup("/prefix")</c>. To secure reads and ingestion differently, map the two surfaces yourself.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>AddAnalytics</c> was not called.</exception>
    public static IEndpointConventionBuilder MapAnalyticsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ThrowIfNotRegistered(endpoints, nameof(MapAnalyticsEndpoints));
        var group = endpoints.MapGroup("");

        // A read-only node (AddAnalytics().WithoutIngestion()) has no pipeline: it maps the reads only.
        if (HasIngestion(endpoints))
        {
            group.MapAnalyticsIngestion();
        }

        group.MapAnalyticsQueries();
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

    /// <summary>
    /// Maps the routes browsers and server-side senders post to: <c>POST /api/events</c>, <c>POST /api/events/batch</c>,
    /// Plausible's Events API (<c>POST /api/event</c>), Umami's collect API (<c>POST /api/send</c>,
    /// <c>POST /api/batch</c>) and the browser tracker <c>GET /analytics.js</c> (docs/tracker.md). Marked with
    /// <see cref="IngestSurfaceMetadata"/>; for browsers on other origins chain <c>.RequireCors(…)</c> (with
    /// <c>UseCors</c>). Rate-limited per client address or ingest key
    /// (<c>Analytics:RateLimits:Ingest</c>); docs/security.md. Returns the surface's convention builder.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>AddAnalytics</c> was not called, or this node has no ingestion (<c>WithoutIngestion()</c>).</exception>
    public static IEndpointConventionBuilder MapAnalyticsIngestion(this IEndpointRouteBuilder endpoints)
    {
        ThrowIfNotRegistered(endpoints, nameof(MapAnalyticsIngestion));
        if (!HasIngestion(endpoints))
        {
            throw new InvalidOperationException(
                "This node has no ingestion (AddAnalytics().WithoutIngestion()): map only app.MapAnalyticsQueries(), or remove WithoutIngestion().");
        }

        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<IOptionsMonitor<AnalyticsOptions>>();
        var group = endpoints.MapGroup("");
        group.AddEndpointFilter(new IngestAccessFilter(
            services.GetRequiredService<IApiKeyService>(),
            options,
            CreateLimiter(services, options.CurrentValue.RateLimits.Ingest)));

        // No CORS metadata of our own: ASP.NET refuses to run an endpoint with CORS metadata in a host without the
        // CORS middleware. The marker lets a host's policy provider (the standalone host's does) treat this surface
        // as open to any origin; an embedding host chains RequireCors on the builder returned.
        group.WithMetadata(IngestSurfaceMetadata.Instance);

        var events = group.MapGroup("/api/events").WithTags("Events");
        events.MapPost("/", EventEndpoints.PostAsync)
            .WithName("Analytics_PostEvent")
            .WithSummary("Ingest one page view")
            .WithDescription("Stores the event and answers 201 with the stored event, including its id and the derived operating_system, once it is committed. 503 with Retry-After when it cannot be stored. The body's ip_address and user_agent are honoured with an ingest key, and without one only while Analytics:AcceptClientFieldsWithoutKey is on (the default).")
            // Documents the JSON body without listing content types: with a list, routing answers other content
            // types itself with a bare 415, before the handler can answer with a problem.
            .WithMetadata(new AcceptsMetadata([], typeof(EventInput)))
            .Produces<AnalyticsEvent>(StatusCodes.Status201Created)
            .Produces<AnalyticsEvent>(StatusCodes.Status202Accepted)
            .ProducesBodyProblems()
            .ProducesIngestKeyProblems();

        group.MapGroup("/api/event")
            .WithTags("Plausible")
            .MapPost("/", PlausibleEventEndpoints.PostAsync)
            .WithName("Analytics_PostPlausibleEvent")
            .WithSummary("Ingest one event sent by Plausible's tracker (Plausible's Events API)")
            .WithDescription("Plausible's body ({\"n\":\"pageview\",\"u\":\"https://shop.test/a\",\"d\":\"shop.test\",\"r\":null,\"p\":{\"plan\":\"pro\"}}, short or long keys) as text/plain or application/json; 202 \"ok\" once committed, with x-plausible-dropped when a bot's event or one for a site not served was dropped. docs/events-api.md.")
            .WithMetadata(new AcceptsMetadata([], typeof(string)))
            .Produces<string>(StatusCodes.Status202Accepted, "text/plain")
            .ProducesBodyProblems()
            .ProducesIngestKeyProblems();

        var umami = group.MapGroup("/api").WithTags("Umami");
        umami.MapPost("/send", UmamiEndpoints.SendAsync)
            .WithName("Analytics_PostUmamiEvent")
            .WithSummary("Ingest one item sent by Umami's tracker or client (Umami's collect API)")
            .WithDescription("Umami's body ({\"type\":\"event\",\"payload\":{\"website\":\"<id>\",\"url\":\"/a\",\"hostname\":\"shop.test\",\"name\":\"signup\",\"data\":{\"plan\":\"pro\"}}}); the website id maps to a site by Analytics:Sites:N:UmamiWebsiteId. 200 {cache, sessionId, visitId} once committed; a bot gets 200 {\"beep\":\"boop\"}. docs/events-api.md.")
            .WithMetadata(new AcceptsMetadata([], typeof(string)))
            .Produces<UmamiSendResponse>(StatusCodes.Status200OK)
            .ProducesBodyProblems()
            .ProducesIngestKeyProblems();

        umami.MapPost("/batch", UmamiEndpoints.BatchAsync)
            .WithName("Analytics_PostUmamiBatch")
            .WithSummary("Ingest a JSON array of Umami items")
            .WithDescription("Each item as POST /api/send takes it; 200 {size, processed, errors, details} once the events are committed, details naming each refused item by index.")
            .WithMetadata(new AcceptsMetadata([], typeof(string)))
            .Produces<UmamiBatchResponse>(StatusCodes.Status200OK)
            .ProducesBodyProblems()
            .ProducesIngestKeyProblems();

        events.MapPost("/batch", EventEndpoints.PostBatchAsync)
            .WithName("Analytics_PostEventBatch")
            .WithSummary("Ingest up to 1,000 page views in one request")
            .WithDescription("A JSON array, or NDJSON (application/x-ndjson). Valid items are stored; invalid ones are reported by index. 200 with a summary.")
            .WithMetadata(new AcceptsMetadata([], typeof(EventInput[])))
            .Produces<BatchResponse>(StatusCodes.Status200OK)
            .ProducesBodyProblems()
            .ProducesIngestKeyProblems();

        // The browser tracker belongs with ingestion: a node that cannot take its events does not hand it out.
        group.MapGet(TrackerScriptEndpoint.Pattern, TrackerScriptEndpoint.Get)
            .WithName(TrackerScriptEndpoint.Name)
            .ExcludeFromDescription();

        return group;
    }

    /// <summary>
    /// Maps every read route: <c>GET /api/events</c> (the seed's aggregate), <c>GET /api/events/{id}</c> and
    /// Plausible's stats API (<c>POST /api/v2/query</c>, <c>GET /api/v1/stats/realtime/visitors</c>), and the sites
    /// served (<c>GET /api/v2/sites</c>, which the dashboard reads). They need
    /// <c>Authorization: Bearer</c> with a read key (<see cref="Analytics.ApiKeys.IApiKeyService"/>) unless
    /// <c>Analytics:AllowAnonymousReads</c> is on or the host chains its own authorization
    /// (<c>app.MapAnalyticsQueries().RequireAuthorization("staff")</c>), which replaces the key check. Rate-limited
    /// per key (<c>Analytics:RateLimits:Read</c>); no CORS of their own, so the host's default policy (none by default)
    /// applies. docs/security.md. Returns the surface's convention builder.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>AddAnalytics</c> was not called.</exception>
    public static IEndpointConventionBuilder MapAnalyticsQueries(this IEndpointRouteBuilder endpoints)
    {
        ThrowIfNotRegistered(endpoints, nameof(MapAnalyticsQueries));
        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<IOptionsMonitor<AnalyticsOptions>>();
        if (options.CurrentValue.AllowAnonymousReads)
        {
            LogAnonymousReads(services.GetRequiredService<ILoggerFactory>().CreateLogger("Analytics.AspNetCore.Access"));
        }

        var group = endpoints.MapGroup("");
        // Store failures become 503 around the key check too, which may have to ask the store.
        group.AddEndpointFilter<StoreUnavailableFilter>();
        group.AddEndpointFilter(new ReadAccessFilter(
            services.GetRequiredService<IApiKeyService>(),
            options,
            CreateLimiter(services, options.CurrentValue.RateLimits.Read)));
        group.WithMetadata(ReadKeyMetadata.Instance);

        var events = group.MapGroup("/api/events").WithTags("Events");
        events.MapGet("/", EventEndpoints.AggregateAsync)
            .WithName("Analytics_AggregateEvents")
            .WithSummary("Page views per time bucket, page and operating system")
            .WithDescription("Query: duration (\"15 minutes\", \"1 hour\", \"1 day\", \"1 week\", \"1 month\"; default 1 day), pages (repeatable; none means all), from, to (ISO 8601), site (none means every site, which a key limited to one site may not ask for).")
            .Produces<IReadOnlyList<AggregateRow>>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesReadKeyProblems()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        events.MapGet("/{id}", EventEndpoints.GetByIdAsync)
            .WithName("Analytics_GetEvent")
            .WithSummary("One stored event")
            .Produces<AnalyticsEvent>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesReadKeyProblems()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        var stats = group.MapGroup("/api").WithTags("Stats");
        stats.MapPost("/v2/query", StatsEndpoints.QueryAsync)
            .WithName("Analytics_QueryStats")
            .WithSummary("Query stats (Plausible's Stats API v2)")
            .WithDescription(StatsQueryDescription)
            .WithMetadata(new AcceptsMetadata([], typeof(StatsQueryRequest)))
            .Produces<StatsResponse>(StatusCodes.Status200OK)
            .ProducesBodyProblems()
            .ProducesReadKeyProblems();

        stats.MapGet("/v1/stats/realtime/visitors", StatsEndpoints.RealtimeVisitorsAsync)
            .WithName("Analytics_RealtimeVisitors")
            .WithSummary("Visitors of the last five minutes (Plausible's realtime API)")
            .WithDescription("A bare JSON integer: the distinct visitors with an event in the last five minutes.")
            .Produces<long>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesReadKeyProblems()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        // A read route like the others, so it is behind the same keys or host authorization: the dashboard's site
        // switcher reads it.
        stats.MapGet("/v2/sites", StatsEndpoints.Sites)
            .WithName("Analytics_Sites")
            .WithSummary("The sites a query may name")
            .WithDescription("{\"sites\": [{\"domain\": \"shop.test\", \"time_zone\": \"Europe/Berlin\"}], \"restricted\": true}: the sites of Analytics:Sites in domain order; with none listed every site is served, restricted is false and sites holds Analytics:DefaultSite.")
            .Produces<SitesResponse>(StatusCodes.Status200OK)
            .ProducesReadKeyProblems();

        return group;
    }

    private static void ThrowIfNotRegistered(IEndpointRouteBuilder endpoints, string method)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<AnalyticsServiceCollectionExtensions.AnalyticsMarker>() is null)
        {
            throw new InvalidOperationException(
                $"Analytics services are not registered. Call builder.Services.AddAnalytics(...) before app.{method}().");
        }
    }

    private static bool HasIngestion(IEndpointRouteBuilder endpoints) =>
        endpoints.ServiceProvider.GetService<IServiceProviderIsService>()?.IsService(typeof(Analytics.Ingestion.IngestionPipeline)) == true;

    // One limiter per mapped surface, disposed (with its timer) once the host has stopped serving.
    private static SurfaceRateLimiter CreateLimiter(IServiceProvider services, RateLimitWindow limit)
    {
        var limiter = new SurfaceRateLimiter(limit);
        services.GetService<IHostApplicationLifetime>()?.ApplicationStopped.Register(limiter.Dispose);
        return limiter;
    }

    [LoggerMessage(EventId = Analytics.Diagnostics.AnalyticsLogEvents.AnonymousReadsAllowed, Level = LogLevel.Warning, Message = "Analytics:AllowAnonymousReads is on: ANYONE WHO CAN REACH THIS SERVICE CAN READ EVERY SITE'S ANALYTICS without a key. Turn it off and give readers keys (--create-api-key --scope read), or put your own authorization on MapAnalyticsQueries().")]
    private static partial void LogAnonymousReads(ILogger logger);

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

    // What a request of the ingest surface may answer for its key and its rate.
    private static RouteHandlerBuilder ProducesIngestKeyProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);

    // What a read may answer for its key and its rate.
    private static RouteHandlerBuilder ProducesReadKeyProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var status = report.Status == HealthStatus.Unhealthy ? "unhealthy" : "ok";
        return JsonSerializer.SerializeAsync(context.Response.Body, new HealthResponse(status), AnalyticsJsonContext.Default.HealthResponse, context.RequestAborted);
    }
}
