using Analytics.Events;
using Analytics.Querying;
using Analytics.Querying.Stats;

namespace Analytics.Storage;

/// <summary>The store's read role: events by id, the seed's aggregate and the stats queries. A node that only serves reads needs no other.</summary>
public interface IEventReader
{
    /// <summary>The event with <paramref name="id"/>, or null.</summary>
    /// <exception cref="EventStoreUnavailableException">The store cannot be reached.</exception>
    Task<AnalyticsEvent?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// Counts page views and distinct visitors per (bucket, page, operating system, and the query's
    /// <see cref="AggregateQuery.GroupBy"/> dimensions), after its filters; ordered by those columns in byte order.
    /// </summary>
    /// <exception cref="EventStoreUnavailableException">The store cannot be reached.</exception>
    Task<IReadOnlyList<AggregateRow>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a stats query (Plausible's Stats API v2 model, docs/stats-api.md): one page of rows in the query's order,
    /// and how many rows there are in all. Bots are never counted.
    /// </summary>
    /// <exception cref="EventStoreUnavailableException">The store cannot be reached, or the query ran past <see cref="AnalyticsOptions.QueryTimeout"/>.</exception>
    Task<StatsResult> QueryStatsAsync(StatsQuery query, CancellationToken cancellationToken);
}
