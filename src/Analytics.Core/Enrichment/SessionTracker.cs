using Microsoft.Extensions.Options;

namespace Analytics.Enrichment;

/// <summary>
/// Derives a session for page views that come without a client session id: the same visitor with less than
/// <see cref="AnalyticsOptions.SessionTimeout"/> between page views stays in one session, whose id is the id of its
/// first page view. The memory is this process's, bounded by <see cref="AnalyticsOptions.MaxTrackedSessions"/> (about 40 bytes each):
/// with several instances, or after a restart, a visitor's session can split in two.
/// </summary>
public sealed class SessionTracker
{
    private const int StripeCount = 32;

    private readonly Stripe[] _stripes;
    private readonly long _timeoutTicks;

    /// <summary>Creates the tracker with the configured timeout and capacity.</summary>
    public SessionTracker(IOptions<AnalyticsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _timeoutTicks = options.Value.SessionTimeout.Ticks;
        var perStripe = Math.Max(1, options.Value.MaxTrackedSessions / StripeCount);
        _stripes = Enumerable.Range(0, StripeCount).Select(_ => new Stripe(perStripe)).ToArray();
    }

    /// <summary>How many visitors' sessions are remembered now.</summary>
    public int Count => _stripes.Sum(s => s.Count);

    /// <summary>
    /// Takes up the sessions a previous process derived (read from the store at startup), so that a restart does not
    /// split them. Sessions a client named itself are not ours to continue and are skipped, as are visitors already
    /// tracked.
    /// </summary>
    public void Restore(IEnumerable<VisitorSession> sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        foreach (var session in sessions)
        {
            if (session.SessionId.Length == 32 && Guid.TryParseExact(session.SessionId, "N", out var id))
            {
                _stripes[StripeOf(session.VisitorId)].Restore(session.VisitorId, id, session.LastSeen.UtcTicks);
            }
        }
    }

    /// <summary>The session of <paramref name="visitorId"/>'s page view at <paramref name="time"/> with id <paramref name="eventId"/>.</summary>
    public string Resolve(long visitorId, DateTimeOffset time, Guid eventId)
    {
        return _stripes[StripeOf(visitorId)].Resolve(visitorId, time.UtcTicks, eventId, _timeoutTicks);
    }

    private static int StripeOf(long visitorId) => (int)((ulong)visitorId % StripeCount);

    private sealed class Stripe(int capacity)
    {
        private readonly Dictionary<long, Session> _sessions = [];
        private readonly Lock _lock = new();

        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _sessions.Count;
                }
            }
        }

        public string Resolve(long visitorId, long ticks, Guid eventId, long timeoutTicks)
        {
            lock (_lock)
            {
                if (_sessions.TryGetValue(visitorId, out var session) && Math.Abs(ticks - session.LastSeen) < timeoutTicks)
                {
                    _sessions[visitorId] = session with { LastSeen = Math.Max(ticks, session.LastSeen) };
                    return session.Id.ToString("N");
                }

                if (!_sessions.ContainsKey(visitorId) && _sessions.Count >= capacity)
                {
                    MakeRoom(ticks, timeoutTicks);
                }

                _sessions[visitorId] = new Session(eventId, ticks);
                return eventId.ToString("N");
            }
        }

        public void Restore(long visitorId, Guid sessionId, long lastSeen)
        {
            lock (_lock)
            {
                if (_sessions.Count < capacity)
                {
                    _sessions.TryAdd(visitorId, new Session(sessionId, lastSeen));
                }
            }
        }

        // First the sessions already over; if that is not enough, those idle the longest: the idle limit halves
        // until at most three quarters of the capacity is left.
        private void MakeRoom(long now, long timeoutTicks)
        {
            for (var idle = timeoutTicks; _sessions.Count > capacity * 3 / 4 && idle > 0; idle /= 2)
            {
                foreach (var (visitor, session) in _sessions)
                {
                    if (now - session.LastSeen >= idle)
                    {
                        _sessions.Remove(visitor);
                    }
                }
            }

            if (_sessions.Count >= capacity)
            {
                _sessions.Clear();
            }
        }
    }

    // About 40 bytes a visitor in the dictionary.
    private readonly record struct Session(Guid Id, long LastSeen);
}
