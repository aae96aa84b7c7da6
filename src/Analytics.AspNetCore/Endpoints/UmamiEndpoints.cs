using System.Buffers.Text;
using System.Text;
using Analytics.AspNetCore.Access;
using Analytics.AspNetCore.Serialization;
using Analytics.Enrichment;
using Analytics.Events;
using Analytics.Ingestion;
using Analytics.Ingestion.Umami;
using Analytics.Sites;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Analytics.AspNetCore.Endpoints;

/// <summary>
/// Umami's collect API, <c>POST /api/send</c> and <c>POST /api/batch</c> (docs/events-api.md): the same pipeline,
/// acknowledgement and limits as <c>POST /api/events</c>, with Umami's body and answers. Each Umami website id maps to
/// a site through <see cref="SiteOptions.UmamiWebsiteId"/>.
/// </summary>
internal static class UmamiEndpoints
{
    /// <summary>The header in which Umami's tracker sends back the <c>cache</c> of its last answer.</summary>
    public const string CacheHeader = "x-umami-cache";

    public static async Task<Results<JsonHttpResult<UmamiSendResponse>, JsonHttpResult<UmamiBotResponse>, ValidationProblem, ProblemHttpResult>> SendAsync(
        HttpContext context,
        EventFactory factory,
        IngestionPipeline pipeline,
        SiteCatalog sites,
        IOptionsMonitor<AnalyticsOptions> options,
        CancellationToken cancellationToken)
    {
        // The cache a client sends back is read as nothing: sessions are derived here, per visitor, so nothing in it
        // is needed, and nothing a client sends is trusted.
        var errors = new ValidationErrors();
        var (item, refused) = await RequestBody.ReadEventAsync(context.Request, options.CurrentValue, UmamiEventReader.ReadSingle, errors, acceptPlainText: true, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var prepared = item is null ? default : Prepare(item, context, factory, sites, errors);
        if (item is null || prepared.Outcome == Outcome.Invalid)
        {
            return Problems.InvalidEvents(context, errors);
        }

        if (prepared.Outcome == Outcome.Bot)
        {
            return TypedResults.Json(UmamiBotResponse.Instance, AnalyticsJsonContext.Default.UmamiBotResponse);
        }

        if (prepared.Event is { } stored)
        {
            var result = await pipeline.SubmitAsync([stored], cancellationToken);
            if (result.Status is not (IngestionStatus.Stored or IngestionStatus.Queued))
            {
                return Problems.NotAcknowledged(context, result);
            }
        }

        return TypedResults.Json(Answer(item.WebsiteId, prepared.Event), AnalyticsJsonContext.Default.UmamiSendResponse);
    }

    public static async Task<Results<JsonHttpResult<UmamiBatchResponse>, ValidationProblem, ProblemHttpResult>> BatchAsync(
        HttpContext context,
        EventFactory factory,
        IngestionPipeline pipeline,
        SiteCatalog sites,
        IOptionsMonitor<AnalyticsOptions> options,
        CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!RequestBody.IsJsonOrPlainText(request))
        {
            return Problems.UnsupportedMediaType("a JSON array of items, with Content-Type: application/json or text/plain");
        }

        var settings = options.CurrentValue;
        var errors = new ValidationErrors();
        List<(int Index, UmamiEvent? Value, ValidationErrors Errors)>? items;
        using (var body = await RequestBody.ReadAsync(request, settings.MaxBatchBodyBytes, cancellationToken))
        {
            if (body.IsTooLarge)
            {
                return Problems.TooLarge($"A batch may be at most {settings.MaxBatchBodyBytes} bytes.");
            }

            items = EventBatchReader.ReadArray(body.Span, settings.MaxBatchEvents, errors, UmamiEventReader.ReadObject);
        }

        if (items is null)
        {
            return EventBatchReader.IsTooMany(errors)
                ? Problems.TooLarge($"A batch may hold at most {settings.MaxBatchEvents} items.")
                : Problems.Validation(errors);
        }

        var failures = new List<UmamiBatchFailure>();
        var events = new List<(int Index, AnalyticsEvent Event)>();
        foreach (var (index, item, itemErrors) in items)
        {
            var prepared = item is null ? default : Prepare(item, context, factory, sites, itemErrors);
            if (item is null || prepared.Outcome == Outcome.Invalid)
            {
                Problems.CountInvalid(context, 1);
                failures.Add(new UmamiBatchFailure(index, new UmamiItemFailure(StatusCodes.Status400BadRequest, itemErrors.ToDictionary())));
            }
            else if (prepared.Event is { } stored)
            {
                events.Add((index, stored));
            }
        }

        if (events.Count > 0)
        {
            var result = await pipeline.SubmitAsync(events.ConvertAll(e => e.Event), cancellationToken);
            if (!result.IsAcknowledged)
            {
                return Problems.NotAcknowledged(context, result);
            }

            foreach (var refused in result.RejectedIndexes)
            {
                failures.Add(new UmamiBatchFailure(events[refused].Index, new UmamiItemFailure(
                    StatusCodes.Status400BadRequest,
                    new Dictionary<string, string[]> { [EventJsonReader.BodyField] = ["The store refused this event although it passed validation."] })));
            }
        }

        failures.Sort((a, b) => a.Index.CompareTo(b.Index));
        var response = new UmamiBatchResponse(items.Count, items.Count - failures.Count, failures.Count, failures);
        return TypedResults.Json(response, AnalyticsJsonContext.Default.UmamiBatchResponse);
    }

    private enum Outcome
    {
        Invalid,
        Event,
        Bot,
        Identify,
    }

    /// <summary>What becomes of one item: the event to store, a bot's item to drop, an identify call, or problems.</summary>
    private static (Outcome Outcome, AnalyticsEvent? Event) Prepare(UmamiEvent item, HttpContext context, EventFactory factory, SiteCatalog sites, ValidationErrors errors)
    {
        var site = sites.SiteOfUmamiWebsite(item.WebsiteId);
        if (site is null)
        {
            errors.Add("payload.website", "Website not found.");
            return (Outcome.Invalid, null);
        }

        var headerUserAgent = context.Request.Headers.UserAgent.ToString();
        if (UserAgentParser.Parse(item.UserAgent ?? headerUserAgent).IsBot)
        {
            Problems.CountDropped(context, "bot", 1);
            return (Outcome.Bot, null);
        }

        // Umami keeps session data for identified users; we keep no identities, so there is nothing to store.
        if (item.Type == UmamiEventReader.IdentifyType)
        {
            return (Outcome.Identify, null);
        }

        var input = new EventInput
        {
            Site = site,
            Page = PageOf(item),
            Referrer = item.Referrer,
            Name = item.Name,
            Props = item.Props,
            Timestamp = item.Timestamp,
            UserAgent = item.UserAgent,

            // Umami keeps the fragment in the path.
            HashMode = true,
        };
        var access = IngestAccess.Of(context);
        var created = factory.Create(ClientFields.Apply(input, access), headerUserAgent, context.Connection.RemoteIpAddress, errors, fieldPrefix: "payload.");
        if (created is not null && access.Site is { } keySite && created.Site != keySite)
        {
            errors.Add("payload.website", $"The ingest key may send events for {keySite} only.");
            created = null;
        }

        return created is null ? (Outcome.Invalid, null) : (Outcome.Event, created);
    }

    // A path is completed with the tracker's hostname, so the event has its host and the query its UTM tags; a
    // server-side custom event without a URL is on "/".
    private static string PageOf(UmamiEvent item) => item.Url switch
    {
        null => item.Hostname is null ? "/" : $"https://{item.Hostname}/",
        ['/', not '/', ..] or "/" when item.Hostname is not null => $"https://{item.Hostname}{item.Url}",
        var url => url,
    };

    private static UmamiSendResponse Answer(Guid websiteId, AnalyticsEvent? stored)
    {
        var visitor = stored?.VisitorId is { } id ? id.ToString("x16", System.Globalization.CultureInfo.InvariantCulture) : null;
        return new UmamiSendResponse(CacheToken(websiteId, stored?.SessionId), visitor, stored?.SessionId);
    }

    // Opaque to the client: the website and the visit, which we never read back.
    private static string CacheToken(Guid websiteId, string? visitId) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{websiteId:N}.{visitId}"));
}
