using System.Net;
using System.Text.Json.Serialization;
using Analytics.Enrichment;
using Analytics.Events;
using Analytics.Ingestion;
using Microsoft.Extensions.Options;

namespace Analytics.LoadBench;

/// <summary>
/// What enrichment costs on the request path (issue 5: at most 10 % of single-event ingest). Two endpoints in one
/// process do the same work except the enrichment: read the JSON as POST /api/events does, build the event, answer
/// 201 with it as JSON; <c>/enriched</c> builds it with <see cref="EventFactory"/> (user agent, page URL and
/// UTM, referrer source, visitor hash, session), <c>/plain</c> copies the client's fields only. Neither stores
/// anything, so the ratio is an upper bound of the share in real ingest, where the commit adds to every request.
/// </summary>
internal static class EnrichmentEndpoints
{
    public static int Run(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        var app = builder.Build();

        var options = new AnalyticsOptions();
        var clock = TimeProvider.System;
        var salts = new VisitorSalts();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        salts.Use(new Dictionary<DateOnly, byte[]> { [today] = new byte[32], [today.AddDays(1)] = new byte[32] }, clock.GetUtcNow());
        var factory = new EventFactory(clock, new FixedOptions(options), salts, new SessionTracker(Options.Create(options), clock), new Analytics.Sites.SiteCatalog(options));

        app.MapPost("/enriched", async (HttpContext context) =>
        {
            var (input, errors) = await ReadAsync(context.Request);
            var pageView = input is null ? null : factory.Create(
                input, context.Request.Headers.UserAgent.ToString(), context.Connection.RemoteIpAddress, errors, requestOrigin: context.Request.Headers.Origin.ToString());
            return Answer(pageView);
        });
        app.MapPost("/plain", async (HttpContext context) =>
        {
            var (input, _) = await ReadAsync(context.Request);
            var pageView = input is null ? null : new AnalyticsEvent
            {
                Id = input.Id ?? Guid.CreateVersion7(),
                Time = clock.GetUtcNow(),
                Page = input.Page,
                UserAgent = input.UserAgent,
                IpAddress = input.IpAddress,
                Referrer = input.Referrer,
                SessionId = input.SessionId,
                Duration = input.Duration,
                OperatingSystem = OperatingSystems.Other,
            };
            return Answer(pageView);
        });
        app.Run();
        return 0;
    }

    private static async Task<(EventInput? Input, ValidationErrors Errors)> ReadAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var errors = new ValidationErrors();
        return (EventJsonReader.ReadSingle(body.ToArray(), errors), errors);
    }

    private static IResult Answer(AnalyticsEvent? pageView) => pageView is null
        ? Results.StatusCode(StatusCodes.Status400BadRequest)
        : Results.Json(pageView, LoadBenchJsonContext.Default.AnalyticsEvent, statusCode: StatusCodes.Status201Created);

    private sealed class FixedOptions(AnalyticsOptions value) : IOptionsMonitor<AnalyticsOptions>
    {
        public AnalyticsOptions CurrentValue => value;

        public AnalyticsOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<AnalyticsOptions, string?> listener) => null;
    }
}

/// <summary>Source-generated JSON for the answers, as the real endpoint uses.</summary>
[JsonSerializable(typeof(AnalyticsEvent))]
internal sealed partial class LoadBenchJsonContext : JsonSerializerContext;
