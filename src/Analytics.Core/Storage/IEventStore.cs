using Analytics.Enrichment;
using Analytics.Events;
using Analytics.Querying;
using Analytics.Querying.Stats;

namespace Analytics.Storage;

/// <summary>
/// Where page views live: the store, its schema and the aggregation queries.
/// Implementations are thread-safe singletons; no database driver type appears in this contract.
/// </summary>
public interface IEventStore
{
    /// <summary>A short name for logs and health output, for example "PostgreSQL (native partitions)".</summary>
    string Description { get; }

    /// <summary>Creates or upgrades the schema. Safe to call from several instances at once.</summary>
    /// <exception cref="SchemaVersionException">The stored schema is newer than this code.</exception>
    Task EnsureSchemaAsync(CancellationToken cancellationToken);

    /// <summary>The DDL this store would apply, for a DBA to review and run by hand.</summary>
    string ExportSchemaScript();

    /// <summary>
    /// Stores <paramref name="events"/> atomically: all of them or none. Idempotent per id: an event whose id is
    /// already stored, or appears twice in the batch, is stored once.
    /// </summary>
    /// <exception cref="EventStoreUnavailableException">The store cannot be reached; nothing was stored.</exception>
    /// <exception cref="EventRejectedException">The store refused the events' content; nothing was stored.</exception>
    Task AppendAsync(IReadOnlyList<AnalyticsEvent> events, CancellationToken cancellationToken);

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

    /// <summary>
    /// The visitor-hash salts of the UTC days <paramref name="first"/> to <paramref name="last"/>, creating (32 random
    /// bytes) those that do not exist yet, except for days before yesterday: a deleted salt is never made again.
    /// Every instance on the same store gets the same salt for a day.
    /// </summary>
    /// <exception cref="EventStoreUnavailableException">The store cannot be reached.</exception>
    Task<IReadOnlyDictionary<DateOnly, byte[]>> GetVisitorSaltsAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken);

    /// <summary>
    /// Each visitor's latest page view at or after <paramref name="since"/> that has both a visitor and a session, so
    /// that a restarted process continues the sessions still open instead of starting new ones.
    /// </summary>
    /// <exception cref="EventStoreUnavailableException">The store cannot be reached.</exception>
    Task<IReadOnlyList<VisitorSession>> GetRecentSessionsAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// Creates partitions ahead of time, removes data older than the retention, and deletes visitor salts of days
    /// before yesterday (UTC), so that no visitor hash can be recomputed once its day is over.
    /// </summary>
    Task RunMaintenanceAsync(CancellationToken cancellationToken);

    /// <summary>Throws when the store does not answer.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
