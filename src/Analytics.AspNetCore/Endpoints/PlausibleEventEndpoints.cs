using System.Globalization;
using Analytics.AspNetCore.Access;
using Analytics.Enrichment;
using Analytics.Events;
using Analytics.Ingestion;
using Analytics.Ingestion.Plausible;
using Analytics.Sites;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Analytics.AspNetCore.Endpoints;

/// <summary>
/// <c>POST /api/event</c>, Plausible's Events API (docs/events-api.md): the same pipeline, acknowledgement and limits
/// as <c>POST /api/events</c>, with Plausible's body and answers.
/// </summary>
internal static class PlausibleEventEndpoints
{
    /// <summary>Set, to the number of events left out, when an event was dropped on purpose (a bot, a site not served).</summary>
    public const string DroppedHeader = "x-plausible-dropped";

    public static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> PostAsync(
        HttpContext context,
        EventFactory factory,
        IngestionPipeline pipeline,
        SiteCatalog sites,
        IOptionsMonitor<AnalyticsOptions> options,
        CancellationToken cancellationToken)
    {
        var request = context.Request;

        // Browsers send text/plain, which needs no CORS preflight; the body is JSON either way.
        var errors = new ValidationErrors();
        var (sent, refused) = await RequestBody.ReadEventAsync(request, options.CurrentValue, PlausibleEventReader.Read, errors, acceptPlainText: true, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (sent is null)
        {
            return Problems.Validation(errors);
        }

        if (IngestAccess.Of(context).Site is { } keySite && sent.Sites.Any(site => site != keySite))
        {
            return Problems.Forbidden($"The ingest key may send events for {keySite} only.");
        }

        var userAgent = request.Headers.UserAgent.ToString();
        if (UserAgentParser.Parse(userAgent).IsBot)
        {
            Problems.CountDropped(context, "bot", sent.Sites.Count);
            return Dropped(context, sent.Sites.Count);
        }

        // Every site's event is checked before any is submitted, and all go in one submission: all or nothing.
        var events = new List<AnalyticsEvent>(sent.Sites.Count);
        var dropped = 0;
        foreach (var site in sent.Sites)
        {
            if (!sites.Accepts(site))
            {
                Problems.CountDropped(context, "unknown_site", 1);
            }

            var created = sites.Accepts(site)
                ? factory.Create(sent.ToInput(site), userAgent, context.Connection.RemoteIpAddress, errors, out _)
                : null;
            if (created is not null)
            {
                events.Add(created);
            }
            else if (errors.IsEmpty)
            {
                dropped++;
            }
        }

        if (!errors.IsEmpty)
        {
            return Problems.InvalidEvents(context, errors, sent.Sites.Count);
        }

        if (events.Count > 0)
        {
            var result = await pipeline.SubmitAsync(events, cancellationToken);
            if (result.Status is not (IngestionStatus.Stored or IngestionStatus.Queued))
            {
                return Problems.NotAcknowledged(context, result);
            }
        }

        return Dropped(context, dropped);
    }

    // 202 "ok", Plausible's answer, saying how many events were dropped on purpose when any were.
    private static ContentHttpResult Dropped(HttpContext context, int count)
    {
        if (count > 0)
        {
            context.Response.Headers[DroppedHeader] = count.ToString(CultureInfo.InvariantCulture);
        }

        return TypedResults.Text("ok", "text/plain", statusCode: StatusCodes.Status202Accepted);
    }
}
