using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Analytics.Diagnostics;

/// <summary>
/// The library's instruments, on the meter <see cref="AnalyticsTelemetry.Name"/> (from the host's
/// <see cref="IMeterFactory"/> when it has one). One per service provider; the names and their units are listed in
/// docs/operations.md. No instrument carries a tag with personal data or a value a client chose freely.
/// </summary>
internal sealed class AnalyticsMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _received;
    private readonly Counter<long> _stored;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _unavailable;
    private readonly Counter<long> _throttled;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _writeDuration;
    private readonly Histogram<double> _queryDuration;
    private Func<long>? _queueDepth;

    public AnalyticsMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(AnalyticsTelemetry.Name) ?? new Meter(AnalyticsTelemetry.Name);
        _received = _meter.CreateCounter<long>("analytics.events.received", "{event}", "Events that passed validation and were offered to the ingestion queue.");
        _stored = _meter.CreateCounter<long>("analytics.events.stored", "{event}", "Events committed to the store.");
        _rejected = _meter.CreateCounter<long>("analytics.events.rejected", "{event}", "Events not stored, by reason: invalid, queue_full, unavailable, refused_by_store.");
        _dropped = _meter.CreateCounter<long>("analytics.events.dropped", "{event}", "Events dropped on purpose, by reason: bot, unknown_site.");
        _unavailable = _meter.CreateCounter<long>("analytics.http.unavailable", "{response}", "Answers 503 with Retry-After, by reason: store_unavailable, queue_full, overloaded.");
        _throttled = _meter.CreateCounter<long>("analytics.http.throttled", "{response}", "Answers 429 (a rate limit), by surface: ingest, read.");
        _meter.CreateObservableGauge("analytics.ingestion.queue.depth", ObserveQueueDepth, "{event}", "Events waiting for the writer.");
        _batchSize = _meter.CreateHistogram("analytics.write.batch.size", "{event}", "Events in one write to the store.", advice: new InstrumentAdvice<int>
        {
            HistogramBucketBoundaries = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000],
        });
        _writeDuration = _meter.CreateHistogram("analytics.write.duration", "s", "Time of one write to the store until its commit, by outcome: committed, failed.", advice: new InstrumentAdvice<double>
        {
            HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        });
        _queryDuration = _meter.CreateHistogram("analytics.query.duration", "s", "Time to answer a read, by kind: aggregate, event, stats, realtime.", advice: new InstrumentAdvice<double>
        {
            HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
        });
    }

    /// <summary>Reports the queue depth from <paramref name="depth"/> (the ingestion pipeline's count).</summary>
    public void ObserveQueue(Func<long> depth) => _queueDepth = depth;

    public void Received(int events) => _received.Add(events);

    public void Stored(int events) => _stored.Add(events);

    /// <summary>Events not stored: <paramref name="reason"/> is one of the fixed reasons of the counter's description.</summary>
    public void Rejected(string reason, int events) => _rejected.Add(events, new KeyValuePair<string, object?>("reason", reason));

    public void Dropped(string reason, int events) => _dropped.Add(events, new KeyValuePair<string, object?>("reason", reason));

    public void Unavailable(string reason) => _unavailable.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>
    /// Counts a 429 answer. For the rate limiter's rejection callback (<c>OnRejected</c>): <paramref name="surface"/>
    /// is <c>ingest</c> or <c>read</c>.
    /// </summary>
    public void RecordThrottled(string surface) => _throttled.Add(1, new KeyValuePair<string, object?>("surface", surface));

    public void Write(int events, TimeSpan duration, bool committed)
    {
        _batchSize.Record(events);
        _writeDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", committed ? "committed" : "failed"));
    }

    public void Query(string kind, TimeSpan duration, int statusCode) => _queryDuration.Record(
        duration.TotalSeconds,
        new KeyValuePair<string, object?>("kind", kind),
        new KeyValuePair<string, object?>("http.response.status_code", statusCode));

    /// <summary>Starts the activity of one write of <paramref name="events"/> events (null when nobody listens).</summary>
    public static Activity? StartWrite(int events) =>
        AnalyticsTelemetry.ActivitySource.StartActivity("analytics.write")?.SetTag("analytics.write.events", events);

    /// <summary>Starts the activity of one read of <paramref name="kind"/> (null when nobody listens).</summary>
    public static Activity? StartQuery(string kind) =>
        AnalyticsTelemetry.ActivitySource.StartActivity("analytics.query")?.SetTag("analytics.query.kind", kind);

    public void Dispose()
    {
        // A meter from the factory belongs to the factory, which disposes it with the host.
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private IEnumerable<Measurement<long>> ObserveQueueDepth() =>
        _queueDepth is { } depth ? [new Measurement<long>(depth())] : [];
}
