using Analytics.AspNetCore.Access;
using Analytics.AspNetCore.Serialization;
using Analytics.AspNetCore.Stats;
using Analytics.Events;
using Analytics.Ingestion;
using Analytics.Querying.Stats;
using Analytics.Sites;
using Analytics.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Analytics.Diagnostics;

namespace Analytics.AspNetCore.Endpoints;

/// <summary>The handlers of Plausible's stats API: <c>POST /api/v2/query</c> and the realtime visitors.</summary>
internal static partial class StatsEndpoints
{
    /// <summary>How far back "realtime" looks (Plausible's current visitors).</summary>
    public static readonly TimeSpan RealtimeWindow = TimeSpan.FromMinutes(5);

    public static async Task<Results<JsonHttpResult<StatsResponse>, ValidationProblem, ProblemHttpResult>> QueryAsync(
        HttpContext context,
        IEventReader store,
        SiteCatalog sites,
        TimeProvider timeProvider,
        IOptionsMonitor<AnalyticsOptions> options,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            return Problems.UnsupportedMediaType("the query as JSON with Content-Type: application/json");
        }

        var errors = new ValidationErrors();
        StatsRequest? query;
        using (var body = await RequestBody.ReadAsync(request, StatsRequestReader.MaxBodyBytes, cancellationToken))
        {
            if (body.IsTooLarge)
            {
                return Problems.TooLarge($"A query may be at most {StatsRequestReader.MaxBodyBytes} bytes of JSON.");
            }

            query = StatsRequestReader.Read(body.Span, sites, timeProvider.GetUtcNow(), options.CurrentValue.Retention, errors, options.CurrentValue.MaxResultRows);
        }

        if (query is null)
        {
            return Problems.StatsValidation(errors);
        }

        if (!ReadAccess.Allows(context, query.Query.Site))
        {
            return Problems.Forbidden("This read key is limited to another site.");
        }

        try
        {
            var response = await StatsQueryRunner.RunAsync(query, store, cancellationToken);
            return TypedResults.Json(response, AnalyticsJsonContext.Relaxed.StatsResponse);
        }
        catch (ArgumentException exception)
        {
            // A store refuses what it cannot run (a pattern its regular expressions do not accept): the client's to fix.
            LogQueryRefused(loggerFactory.CreateLogger(typeof(StatsEndpoints).FullName!), exception.GetType().Name);
            errors.Add("filters", "The store cannot run this query: " + exception.Message);
            return Problems.StatsValidation(errors);
        }
    }

    /// <param name="siteId">The site's domain.</param>
    /// <param name="context">The request.</param>
    /// <param name="store">The event store.</param>
    /// <param name="sites">The sites served.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    public static async Task<Results<JsonHttpResult<long>, ValidationProblem, ProblemHttpResult>> RealtimeVisitorsAsync(
        [FromQuery(Name = "site_id")] string? siteId,
        HttpContext context,
        IEventReader store,
        SiteCatalog sites,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var site = SiteDomain.Normalize(siteId);
        if (site is null)
        {
            errors.Add("site_id", "Give the site's domain: ?site_id=example.com.");
            return Problems.StatsValidation(errors);
        }

        if (!ReadAccess.Allows(context, site))
        {
            return Problems.Forbidden("This read key is limited to another site.");
        }

        if (!sites.Accepts(site))
        {
            errors.Add("site_id", $"The site `{ValidationErrors.Shorten(site)}` is not served here.");
            return Problems.StatsValidation(errors);
        }

        // Up to a minute ahead, so events whose clocks run a little fast count too.
        var now = timeProvider.GetUtcNow();
        var result = await store.QueryStatsAsync(
            new StatsQuery
            {
                Site = site,
                From = now - RealtimeWindow,
                To = now + TimeSpan.FromMinutes(1),
                TimeZone = sites.TimeZoneOf(site),
                Metrics = [StatsMetric.Visitors],
                // Plausible's current visitors leave engagement out: a page left after a long read is not a visitor now.
                Filters = [new StatsCondition(StatsFilterOperator.IsNot, StatsDimension.Find("event:name")!, [EventNames.Engagement])],
            },
            cancellationToken);
        var visitors = result.Rows.Count > 0 && MetricValue.AsDouble(result.Rows[0].Metrics[0]) is { } count ? (long)count : 0;
        return TypedResults.Json(visitors, AnalyticsJsonContext.Relaxed.Int64);
    }

    /// <summary>
    /// <c>GET /api/v2/sites</c>: the sites of <c>Analytics:Sites</c> in domain order (the dashboard's site switcher); with
    /// none listed, every site is served and the answer names <c>Analytics:DefaultSite</c>.
    /// </summary>
    /// <param name="sites">The sites served.</param>
    /// <param name="options">The analytics options, for the default site.</param>
    public static JsonHttpResult<SitesResponse> Sites(SiteCatalog sites, IOptionsMonitor<AnalyticsOptions> options)
    {
        var listed = sites.IsRestricted
            ? sites.Listed.Order(StringComparer.Ordinal).ToList()
            : [SiteDomain.Normalize(options.CurrentValue.DefaultSite) ?? options.CurrentValue.DefaultSite];
        return TypedResults.Json(
            new SitesResponse([.. listed.Select(site => new SiteResponse(site, sites.TimeZoneOf(site).Id))], sites.IsRestricted),
            AnalyticsJsonContext.Relaxed.SitesResponse);
    }

    [LoggerMessage(EventId = AnalyticsLogEvents.StatsQueryRefused, Level = LogLevel.Warning, Message = "The store refused a stats query that passed validation ({ErrorType})")]
    private static partial void LogQueryRefused(ILogger logger, string errorType);
}
