using Analytics.Enrichment;

namespace Analytics.Storage;

/// <summary>What enrichment keeps in the store: the daily visitor salts and the sessions open at a restart.</summary>
public interface IVisitorStore
{
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
}
