using Analytics.Storage;

namespace Analytics.Enrichment;

/// <summary>
/// This process's copy of the visitor salts, read from the store (which creates them, so every instance shares
/// them). Refreshed at startup and on every maintenance pass, which also fetches tomorrow's salt ahead of midnight
/// and yesterday's while the store keeps it (so a process started just after midnight continues the sessions open
/// at midnight); a day more than one day past is forgotten here as in the store.
/// </summary>
public sealed class VisitorSalts
{
    private volatile Dictionary<DateOnly, byte[]> _salts = [];

    /// <summary>The salt of <paramref name="day"/> (UTC), when this process has it.</summary>
    public bool TryGet(DateOnly day, out ReadOnlySpan<byte> salt)
    {
        if (_salts.TryGetValue(day, out var bytes))
        {
            salt = bytes;
            return true;
        }

        salt = default;
        return false;
    }

    /// <summary>Whether this process has the salts of today and tomorrow (UTC) at <paramref name="now"/>.</summary>
    public bool HasTodayAndTomorrow(DateTimeOffset now)
    {
        var today = VisitorSaltDays.DayOf(now);
        var salts = _salts;
        return salts.ContainsKey(today) && salts.ContainsKey(today.AddDays(1));
    }

    /// <summary>Forgets the salts of days before yesterday, whether or not the store can be reached.</summary>
    public void Prune(DateTimeOffset now) => Use(new Dictionary<DateOnly, byte[]>(), now);

    /// <summary>
    /// Reads yesterday's, today's and tomorrow's salts from <paramref name="store"/>, creating today's and tomorrow's
    /// where missing. Yesterday's continues, for the first session timeout of the day, the sessions open at midnight.
    /// </summary>
    /// <exception cref="EventStoreUnavailableException">The store cannot be reached; the salts held so far stay.</exception>
    public async Task RefreshAsync(IEventStore store, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var today = VisitorSaltDays.DayOf(now);
        Use(await store.GetVisitorSaltsAsync(today.AddDays(-1), today.AddDays(1), cancellationToken), now);
    }

    /// <summary>Adds <paramref name="salts"/> (read from the store) and forgets days before yesterday.</summary>
    public void Use(IReadOnlyDictionary<DateOnly, byte[]> salts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(salts);
        var oldest = VisitorSaltDays.OldestKept(now);
        _salts = _salts.Where(s => !salts.ContainsKey(s.Key)).Concat(salts)
            .Where(s => s.Key >= oldest)
            .ToDictionary(s => s.Key, s => s.Value);
    }
}
