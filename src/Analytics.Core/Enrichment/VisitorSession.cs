namespace Analytics.Enrichment;

/// <summary>A visitor's latest page view with a session, as stored: what <see cref="SessionTracker"/> restores after a restart.</summary>
/// <param name="VisitorId">The visitor (<see cref="Events.AnalyticsEvent.VisitorId"/>).</param>
/// <param name="SessionId">The session of that page view.</param>
/// <param name="LastSeen">When that page view happened.</param>
public sealed record VisitorSession(long VisitorId, string SessionId, DateTimeOffset LastSeen);
