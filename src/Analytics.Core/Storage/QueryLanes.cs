using Analytics.Querying.Stats;

namespace Analytics.Storage;

/// <summary>
/// Two lines of queries, each bounded as <see cref="QueryGate"/> says: queries that read at most
/// <see cref="ShortScan"/> of events (realtime, the last 30 minutes, an hour) have a line of their own, so that they
/// never wait behind a dashboard's 90-day panels. Each line runs up to <see cref="AnalyticsOptions.MaxConcurrentQueries"/>.
/// </summary>
internal sealed class QueryLanes(AnalyticsOptions options)
{
    /// <summary>The most event time a query may read and still take the short line.</summary>
    public static readonly TimeSpan ShortScan = TimeSpan.FromHours(2);

    private readonly QueryGate _long = QueryGate.From(options);
    private readonly QueryGate _short = QueryGate.From(options);

    /// <summary>Takes a slot in the line of <paramref name="query"/>; dispose it to give it back.</summary>
    /// <exception cref="QueryCapacityExceededException">No slot came free in time, or the line was full.</exception>
    public ValueTask<QueryGate.Slot> EnterAsync(StatsQuery query, CancellationToken cancellationToken)
    {
        var (from, to) = StatsSql.ScanRange(query);
        return (to - from <= ShortScan ? _short : _long).EnterAsync(cancellationToken);
    }
}
