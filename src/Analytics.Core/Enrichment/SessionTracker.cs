using System.Diagnostics.CodeAnalysis;
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
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the tracker with the configured timeout and capacity.</summary>
    public SessionTracker(IOptions<AnalyticsOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
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

    /// <summary>
    /// The session of <paramref name="visitorId"/>'s page view at <paramref name="time"/> with id
    /// <paramref name="eventId"/>: the visitor's current session when the view is within the timeout of it, else a new
    /// one. A view from well before the current session (a backfill) gets a session of its own and leaves the current
    /// one alone.
    /// </summary>
    public string Resolve(long visitorId, DateTimeOffset time, Guid eventId) =>
        _stripes[StripeOf(visitorId)].Resolve(visitorId, time.UtcTicks, eventId, _timeoutTicks, _timeProvider.GetUtcNow().UtcTicks);

    /// <summary>
    /// The visitor's current session when <paramref name="time"/> is within the timeout of it, which it then extends;
    /// false, and nothing remembered, otherwise. For a session begun under yesterday's visitor id.
    /// </summary>
    public bool TryContinue(long visitorId, DateTimeOffset time, [NotNullWhen(true)] out string? sessionId) =>
        _stripes[StripeOf(visitorId)].TryContinue(visitorId, time.UtcTicks, _timeoutTicks, out sessionId);

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

        public string Resolve(long visitorId, long ticks, Guid eventId, long timeoutTicks, long now)
        {
            lock (_lock)
            {
                if (TryContinueLocked(visitorId, ticks, timeoutTicks, out var current))
                {
                    return current;
                }

                var known = _sessions.TryGetValue(visitorId, out var session);

                // A backfill: before the visitor's current session, or too old for live traffic to continue. It gets a
                // session of its own, and nothing is remembered or evicted for it.
                if ((known && ticks < session.LastSeen) || ticks <= now - timeoutTicks)
                {
                    return eventId.ToString("N");
                }

                if (!known && _sessions.Count >= capacity)
                {
                    MakeRoom(now, timeoutTicks);
                }

                _sessions[visitorId] = new Session(eventId, ticks);
                return eventId.ToString("N");
            }
        }

        public bool TryContinue(long visitorId, long ticks, long timeoutTicks, [NotNullWhen(true)] out string? sessionId)
        {
            lock (_lock)
            {
                return TryContinueLocked(visitorId, ticks, timeoutTicks, out sessionId);
            }
        }

        private bool TryContinueLocked(long visitorId, long ticks, long timeoutTicks, [NotNullWhen(true)] out string? sessionId)
        {
            if (_sessions.TryGetValue(visitorId, out var session) && Math.Abs(ticks - session.LastSeen) < timeoutTicks)
            {
                _sessions[visitorId] = session with { LastSeen = Math.Max(ticks, session.LastSeen) };
                sessionId = session.Id.ToString("N");
                return true;
            }

            sessionId = null;
            return false;
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

        // By the clock, not the page view's own time (which may be a backfill): first the sessions already over; if
        // that is not enough, those idle the longest: the idle limit halves until at most three quarters of the
        // capacity is left.
        private void MakeRoom(long now, long timeoutTicks)
        {
            for (var idle = timeoutTicks; _sessions.Count > capacity * 3 / 4 && idle >= TimeSpan.TicksPerSecond; idle /= 2)
            {
                foreach (var (visitor, session) in _sessions)
                {
                    if (now - session.LastSeen >= idle)
                    {
                        _sessions.Remove(visitor);
                    }
                }
            }

            // Every session is live (more visitors at once than the capacity): the one idle the longest goes.
            if (_sessions.Count >= capacity)
            {
                var oldest = _sessions.MinBy(pair => pair.Value.LastSeen).Key;
                _sessions.Remove(oldest);
            }
        }
    }

    // About 40 bytes a visitor in the dictionary.
    private readonly record struct Session(Guid Id, long LastSeen);
}
