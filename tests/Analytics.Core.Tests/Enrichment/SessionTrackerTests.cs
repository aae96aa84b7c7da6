using Analytics.Enrichment;
using Microsoft.Extensions.Options;

namespace Analytics.Core.Tests.Enrichment;

public sealed class SessionTrackerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 3, 12, 0, 0, TimeSpan.Zero);

    private static SessionTracker Tracker(int capacity = 1000) =>
        new(Options.Create(new AnalyticsOptions { MaxTrackedSessions = capacity }));

    [Fact]
    public void Page_views_less_than_30_minutes_apart_share_the_first_ones_session()
    {
        var tracker = Tracker();
        var first = Guid.CreateVersion7();

        var a = tracker.Resolve(1, Start, first);
        var b = tracker.Resolve(1, Start.AddMinutes(29), Guid.CreateVersion7());
        var c = tracker.Resolve(1, Start.AddMinutes(58), Guid.CreateVersion7());

        Assert.Equal(first.ToString("N"), a);
        Assert.Equal(a, b);
        Assert.Equal(a, c);
    }

    [Fact]
    public void A_gap_of_30_minutes_or_more_starts_a_new_session()
    {
        var tracker = Tracker();
        var later = Guid.CreateVersion7();

        var a = tracker.Resolve(1, Start, Guid.CreateVersion7());
        var b = tracker.Resolve(1, Start.AddMinutes(30), later);

        Assert.NotEqual(a, b);
        Assert.Equal(later.ToString("N"), b);
    }

    [Fact]
    public void Visitors_have_sessions_of_their_own()
    {
        var tracker = Tracker();

        var a = tracker.Resolve(1, Start, Guid.CreateVersion7());
        var b = tracker.Resolve(2, Start, Guid.CreateVersion7());

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void A_late_page_view_within_the_gap_joins_the_session_without_moving_it_back()
    {
        var tracker = Tracker();

        var a = tracker.Resolve(1, Start.AddMinutes(20), Guid.CreateVersion7());
        var late = tracker.Resolve(1, Start, Guid.CreateVersion7());
        var next = tracker.Resolve(1, Start.AddMinutes(45), Guid.CreateVersion7());

        Assert.Equal(a, late);
        Assert.Equal(a, next);
    }

    [Fact]
    public void Memory_stays_bounded_and_ended_sessions_go_first()
    {
        // 32 stripes of one visitor each: every new visitor in a stripe makes room.
        var tracker = Tracker(capacity: 32 * 4);
        for (var visitor = 0L; visitor < 10_000; visitor++)
        {
            tracker.Resolve(visitor, Start.AddSeconds(visitor), Guid.CreateVersion7());
        }

        var active = tracker.Resolve(20_000, Start.AddSeconds(10_000), Guid.CreateVersion7());
        for (var visitor = 30_000L; visitor < 30_040; visitor++)
        {
            tracker.Resolve(visitor, Start.AddSeconds(10_001), Guid.CreateVersion7());
        }

        Assert.InRange(tracker.Count, 1, 32 * 4);
        Assert.Equal(active, tracker.Resolve(20_000, Start.AddSeconds(10_002), Guid.CreateVersion7()));
    }

    [Fact]
    public void Restored_sessions_continue_and_sessions_named_by_a_client_are_not_taken_up()
    {
        var tracker = Tracker();
        var derived = Guid.CreateVersion7();
        tracker.Restore(
        [
            new VisitorSession(1, derived.ToString("N"), Start),
            new VisitorSession(2, "client-session-name", Start),
        ]);

        var continued = tracker.Resolve(1, Start.AddMinutes(10), Guid.CreateVersion7());
        var fresh = Guid.CreateVersion7();
        var second = tracker.Resolve(2, Start.AddMinutes(10), fresh);

        Assert.Equal(derived.ToString("N"), continued);
        Assert.Equal(fresh.ToString("N"), second);
    }
}
