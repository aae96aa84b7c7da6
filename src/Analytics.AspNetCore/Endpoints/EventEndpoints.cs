using Analytics.AspNetCore.Access;
using Analytics.AspNetCore.Serialization;
using Analytics.Events;
using Analytics.Ingestion;
using Analytics.Querying;
using Analytics.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Analytics.AspNetCore.Endpoints;

/// <summary>The handlers of <c>/api/events</c>: ingest one event or a batch, read one back, aggregate.</summary>
internal static class EventEndpoints
{
    public static async Task<Results<JsonHttpResult<AnalyticsEvent>, ValidationProblem, ProblemHttpResult>> PostAsync(
        HttpContext context,
        EventFactory factory,
        IngestionPipeline pipeline,
        IOptionsMonitor<AnalyticsOptions> options,
        CancellationToken cancellationToken)
    {
        var request = context.Request;
        var errors = new ValidationErrors();
        var (input, refused) = await RequestBody.ReadEventAsync(request, options.CurrentValue, EventJsonReader.ReadSingle, errors, acceptPlainText: false, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var access = IngestAccess.Of(context);
        var pageView = input is null
            ? null
            : factory.Create(ClientFields.Apply(input, access), request.Headers.UserAgent.ToString(), context.Connection.RemoteIpAddress, errors, requestOrigin: request.Headers.Origin.ToString());
        if (pageView is null)
        {
            return Problems.InvalidEvents(context, errors);
        }

        if (access.Site is { } keySite && pageView.Site != keySite)
        {
            return Problems.Forbidden($"The ingest key may send events for {keySite} only.");
        }

        var result = await pipeline.SubmitAsync([pageView], cancellationToken);
        if (result.Status is not (IngestionStatus.Stored or IngestionStatus.Queued))
        {
            return Problems.NotAcknowledged(context, result);
        }

        context.Response.Headers.Location = $"{request.PathBase}{request.Path.Value?.TrimEnd('/')}/{pageView.Id}";
        var status = result.Status == IngestionStatus.Stored ? StatusCodes.Status201Created : StatusCodes.Status202Accepted;
        return TypedResults.Json(pageView, AnalyticsJsonContext.Default.AnalyticsEvent, statusCode: status);
    }

    public static async Task<Results<JsonHttpResult<BatchResponse>, ValidationProblem, ProblemHttpResult>> PostBatchAsync(
        HttpContext context,
        EventFactory factory,
        IngestionPipeline pipeline,
        IOptionsMonitor<AnalyticsOptions> options,
        CancellationToken cancellationToken)
    {
        var request = context.Request;
        var ndjson = request.ContentType?.StartsWith("application/x-ndjson", StringComparison.OrdinalIgnoreCase) == true;
        if (!ndjson && !request.HasJsonContentType())
        {
            return Problems.UnsupportedMediaType("a JSON array (application/json) or one event per line (application/x-ndjson)");
        }

        var settings = options.CurrentValue;
        var errors = new ValidationErrors();
        IReadOnlyList<EventBatchReader.Item>? items;
        bool tooManyItems;
        using (var body = await RequestBody.ReadAsync(request, settings.MaxBatchBodyBytes, cancellationToken))
        {
            if (body.IsTooLarge)
            {
                return Problems.TooLarge($"A batch may be at most {settings.MaxBatchBodyBytes} bytes.");
            }

            items = EventBatchReader.Read(body.Span, ndjson, settings.MaxBatchEvents, errors, out tooManyItems);
        }

        if (items is null)
        {
            return tooManyItems
                ? Problems.TooLarge($"A batch may hold at most {settings.MaxBatchEvents} events.")
                : Problems.Validation(errors);
        }

        var userAgent = request.Headers.UserAgent.ToString();
        var origin = request.Headers.Origin.ToString();
        var access = IngestAccess.Of(context);
        var ids = new Guid?[items.Count];
        var itemErrors = new List<BatchItemError>();
        var accepted = new List<(int Index, AnalyticsEvent Event)>(items.Count);
        foreach (var item in items)
        {
            var pageView = item.Input is null
                ? null
                : factory.Create(ClientFields.Apply(item.Input, access), userAgent, context.Connection.RemoteIpAddress, item.Errors, requestOrigin: origin);
            if (pageView is not null && access.Site is { } keySite && pageView.Site != keySite)
            {
                item.Errors.Add("site", $"The ingest key may send events for {keySite} only.");
                pageView = null;
            }

            if (pageView is null)
            {
                itemErrors.Add(new BatchItemError(item.Index, item.Errors.ToDictionary()));
            }
            else
            {
                accepted.Add((item.Index, pageView));
            }
        }

        if (accepted.Count == 0)
        {
            var all = new ValidationErrors();
            foreach (var error in itemErrors)
            {
                foreach (var (field, messages) in error.Errors)
                {
                    Array.ForEach(messages, message => all.Add($"[{error.Index}].{field}", message));
                }
            }

            return Problems.InvalidEvents(context, all, itemErrors.Count);
        }

        Problems.CountInvalid(context, itemErrors.Count);
        var result = await pipeline.SubmitAsync(accepted.ConvertAll(a => a.Event), cancellationToken);
        if (!result.IsAcknowledged)
        {
            return Problems.NotAcknowledged(context, result);
        }

        var refused = result.RejectedIndexes.ToHashSet();
        for (var i = 0; i < accepted.Count; i++)
        {
            if (refused.Contains(i))
            {
                itemErrors.Add(new BatchItemError(accepted[i].Index, new Dictionary<string, string[]>
                {
                    [EventJsonReader.BodyField] = ["The store refused this event although it passed validation."],
                }));
            }
            else
            {
                ids[accepted[i].Index] = accepted[i].Event.Id;
            }
        }

        itemErrors.Sort((a, b) => a.Index.CompareTo(b.Index));
        var response = new BatchResponse(accepted.Count - refused.Count, itemErrors.Count, ids, itemErrors);
        var status = result.Status == IngestionStatus.Queued ? StatusCodes.Status202Accepted : StatusCodes.Status200OK;
        return TypedResults.Json(response, AnalyticsJsonContext.Default.BatchResponse, statusCode: status);
    }

    public static async Task<Results<JsonHttpResult<AnalyticsEvent>, ValidationProblem, ProblemHttpResult>> GetByIdAsync(
        string id,
        HttpContext context,
        IEventStore store,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var eventId))
        {
            var errors = new ValidationErrors();
            errors.Add("id", "Must be a UUID, as returned by POST /api/events.");
            return Problems.Validation(errors);
        }

        var pageView = await store.GetAsync(eventId, cancellationToken);
        if (pageView is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Event not found", detail: $"No event has the id {eventId}.");
        }

        return ReadAccess.Allows(context, pageView.Site)
            ? TypedResults.Json(pageView, AnalyticsJsonContext.Default.AnalyticsEvent)
            : Problems.Forbidden("This read key is limited to another site.");
    }

    /// <param name="duration">Bucket width in PostgreSQL interval words; default "1 day".</param>
    /// <param name="pages">Pages to include (repeat the parameter); none means every page.</param>
    /// <param name="from">Start of the range, inclusive (ISO 8601); default the start of the retention window.</param>
    /// <param name="to">End of the range, exclusive (ISO 8601); default now.</param>
    /// <param name="includeBots">"true" to count bots too; by default they are left out.</param>
    /// <param name="groupBy">Fields to add to the grouping: browser, device_type, referrer_source (repeat or comma-separate).</param>
    /// <param name="browser">Only these browser families (repeat or comma-separate).</param>
    /// <param name="deviceType">Only these device types (repeat or comma-separate).</param>
    /// <param name="referrerSource">Only these traffic sources: direct, search, social, email, referral (repeat or comma-separate).</param>
    /// <param name="site">Only this site's events (its domain); none means every site. Buckets still follow Analytics:TimeZone.</param>
    /// <param name="context">The request.</param>
    /// <param name="store">The event store.</param>
    /// <param name="sites">The sites served: a site not among them is refused.</param>
    /// <param name="options">The analytics options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    public static async Task<Results<JsonHttpResult<IReadOnlyList<AggregateRow>>, ValidationProblem, ProblemHttpResult>> AggregateAsync(
        [FromQuery] string? duration,
        [FromQuery] string?[]? pages,
        [FromQuery] string? from,
        [FromQuery] string? to,
        [FromQuery(Name = "include_bots")] string? includeBots,
        [FromQuery(Name = "group_by")] string?[]? groupBy,
        [FromQuery] string?[]? browser,
        [FromQuery(Name = "device_type")] string?[]? deviceType,
        [FromQuery(Name = "referrer_source")] string?[]? referrerSource,
        [FromQuery] string? site,
        HttpContext context,
        IEventStore store,
        Analytics.Sites.SiteCatalog sites,
        IOptionsMonitor<AnalyticsOptions> options,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var aggregate = AggregateQueryParser.TryParse(
            duration,
            pages ?? [],
            from,
            to,
            timeProvider.GetUtcNow(),
            options.CurrentValue,
            errors,
            includeBots,
            groupBy,
            new Dictionary<string, IReadOnlyList<string?>>
            {
                [AggregateDimension.Browser.Name] = browser ?? [],
                [AggregateDimension.DeviceType.Name] = deviceType ?? [],
                [AggregateDimension.ReferrerSource.Name] = referrerSource ?? [],
            },
            site);
        if (aggregate?.Site is { } named && !sites.Accepts(named))
        {
            errors.Add("site", $"The site '{ValidationErrors.Shorten(named)}' is not one of Analytics:Sites.");
            aggregate = null;
        }

        if (aggregate is null)
        {
            return Problems.Validation(errors);
        }

        if (!ReadAccess.Allows(context, aggregate.Site))
        {
            return Problems.Forbidden(aggregate.Site is null
                ? "The read key is limited to one site: name it with ?site=."
                : "This read key is limited to another site.");
        }

        // One row more than the bound tells a complete answer from one that would be longer, without reading it all.
        var maxRows = options.CurrentValue.MaxResultRows;
        var rows = await store.AggregateAsync(aggregate with { Limit = maxRows + 1 }, cancellationToken);
        if (rows.Count > maxRows)
        {
            errors.Add(
                "duration",
                $"The answer would have more than {maxRows} rows (Analytics:MaxResultRows). Narrow the query: a longer duration, " +
                "fewer group_by fields, a shorter from-to range, a site, or pages, browser, device_type or referrer_source filters.");
            return Problems.Validation(errors);
        }

        return TypedResults.Json(rows, AnalyticsJsonContext.Default.IReadOnlyListAggregateRow);
    }
}
