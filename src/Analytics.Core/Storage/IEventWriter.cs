using Analytics.Events;

namespace Analytics.Storage;

/// <summary>The store's write role: what the ingestion pipeline needs.</summary>
public interface IEventWriter
{
    /// <summary>
    /// Stores <paramref name="events"/> atomically: all of them or none. Idempotent per id: an event whose id is
    /// already stored, or appears twice in the batch, is stored once.
    /// </summary>
    /// <exception cref="EventStoreUnavailableException">The store cannot be reached; nothing was stored.</exception>
    /// <exception cref="EventRejectedException">The store refused the events' content; nothing was stored.</exception>
    Task AppendAsync(IReadOnlyList<AnalyticsEvent> events, CancellationToken cancellationToken);
}
