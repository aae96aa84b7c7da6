using Analytics.Enrichment;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Analytics.Core.Tests.Enrichment;

public sealed class SessionTrackerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 3, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);

    private SessionTracker Tracker(int capacity = 1000) =>
        new(Options.Create(new AnalyticsOptions { MaxTrackedSessions = capacity }), _clock);

    // A page view arriving now: the clock stands at its time.
    private string Live(SessionTracker tracker, long visitor, DateTimeOffset time, Guid? id = null)
    {
        _clock.SetUtcNow(time);
        return tracker.Resolve(visitor, time, id ?? Guid.CreateVersion7());
    }

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
        // 32 stripes of four visitors each: every new visitor in a full stripe makes room.
        var tracker = Tracker(capacity: 32 * 4);
        for (var visitor = 0L; visitor < 10_000; visitor++)
        {
            Live(tracker, visitor, Start.AddSeconds(visitor));
        }

        var active = Live(tracker, 20_000, Start.AddSeconds(10_000));
        for (var visitor = 30_000L; visitor < 30_040; visitor++)
        {
            Live(tracker, visitor, Start.AddSeconds(10_001));
        }

        Assert.InRange(tracker.Count, 1, 32 * 4);
        Assert.Equal(active, Live(tracker, 20_000, Start.AddSeconds(10_002)));
    }

    [Fact]
    public void A_backfilled_page_view_gets_a_session_of_its_own_and_leaves_the_current_one_alone()
    {
        var tracker = Tracker();
        var current = Live(tracker, 7, Start);
        var backfill = Guid.CreateVersion7();

        var old = tracker.Resolve(7, Start.AddHours(-2), backfill);
        var next = Live(tracker, 7, Start.AddMinutes(5));

        Assert.Equal(backfill.ToString("N"), old);
        Assert.Equal(current, next);
    }

    [Fact]
    public void A_backfilled_page_view_of_a_new_visitor_does_not_empty_a_full_stripe()
    {
        // One stripe of four: visitors 0, 32, 64, 96 share it.
        var tracker = Tracker(capacity: 32 * 4);
        var live = new[] { 0L, 32, 64 }.Select(v => (Visitor: v, Session: Live(tracker, v, Start))).ToArray();
        Live(tracker, 96, Start);

        tracker.Resolve(128, Start.AddHours(-1), Guid.CreateVersion7());

        Assert.All(live, l => Assert.Equal(l.Session, Live(tracker, l.Visitor, Start.AddMinutes(1))));
    }

    [Fact]
    public void Try_continue_extends_a_current_session_and_remembers_nothing_otherwise()
    {
        var tracker = Tracker();
        var session = Live(tracker, 1, Start);

        Assert.True(tracker.TryContinue(1, Start.AddMinutes(20), out var continued));
        Assert.Equal(session, continued);
        Assert.True(tracker.TryContinue(1, Start.AddMinutes(45), out _));
        Assert.False(tracker.TryContinue(2, Start, out _));
        Assert.Equal(1, tracker.Count);
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
