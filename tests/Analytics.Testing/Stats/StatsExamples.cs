using Analytics.Events;
using Analytics.Querying.Stats;
using static Analytics.Testing.Stats.StatsEvents;

namespace Analytics.Testing.Stats;

/// <summary>A stats case worked out by hand: events, a query, and the exact rows docs/stats-api.md gives.</summary>
public sealed record StatsExample(string Name, IReadOnlyList<AnalyticsEvent> Events, StatsQuery Query, IReadOnlyList<StatsRow> Expected, long TotalRows);

/// <summary>
/// Hand-worked examples of docs/stats-api.md, run against the reference (StatsReferenceTests) and every store
/// (<see cref="StatsContract"/>), so the two are held to numbers a person checked, not only to each other.
/// </summary>
public static class StatsExamples
{
    private static readonly DateTimeOffset Day = Utc(2026, 3, 18);

    public static IReadOnlyList<StatsExample> All { get; } =
    [
        new(
            "One visit of three page views over 90 seconds",
            [Pageview(Day.AddHours(10)), Pageview(Day.AddHours(10).AddSeconds(45), "/a"), Pageview(Day.AddHours(10).AddSeconds(90), "/b")],
            Query(StatsMetric.Visitors, StatsMetric.Visits, StatsMetric.Pageviews, StatsMetric.BounceRate, StatsMetric.VisitDuration, StatsMetric.ViewsPerVisit, StatsMetric.Events),
            [Row([], 1L, 1L, 3L, 0L, 90L, 3d, 3L)],
            1),
        new(
            "A single page view is a bounce",
            [Pageview(Day.AddHours(10))],
            Query(StatsMetric.Visits, StatsMetric.BounceRate, StatsMetric.VisitDuration, StatsMetric.ViewsPerVisit),
            [Row([], 1L, 100L, 0L, 1d)],
            1),
        new(
            "A non-interactive custom event after a page view is still a bounce, and still lasts",
            [Pageview(Day.AddHours(10)), Custom(Day.AddHours(10).AddSeconds(30), "scroll", interactive: false)],
            Query(StatsMetric.Visits, StatsMetric.BounceRate, StatsMetric.VisitDuration, StatsMetric.Pageviews, StatsMetric.Events),
            [Row([], 1L, 100L, 30L, 1L, 2L)],
            1),
        new(
            "An interactive custom event after a page view clears the bounce",
            [Pageview(Day.AddHours(10)), Custom(Day.AddHours(10).AddSeconds(30), "signup")],
            Query(StatsMetric.BounceRate, StatsMetric.Events),
            [Row([], 0L, 2L)],
            1),
        new(
            "Engagement events are not events and do not count as page views",
            [Pageview(Day.AddHours(10)), Custom(Day.AddHours(10).AddSeconds(30), EventNames.Engagement, interactive: false)],
            Query(StatsMetric.Events, StatsMetric.Pageviews, StatsMetric.BounceRate),
            [Row([], 1L, 1L, 100L)],
            1),
        new(
            "A visit crossing local midnight counts on the day it starts; its events on their own days",
            [Pageview(Utc(2026, 3, 18, 22, 50)), Pageview(Utc(2026, 3, 18, 23, 10)), Pageview(Utc(2026, 3, 18, 23, 20))], // 23:50, 00:10, 00:20 CET
            Query(StatsMetric.Visits, StatsMetric.Pageviews) with
            {
                TimeZone = Zone("Europe/Berlin"), From = Utc(2026, 3, 17, 23), To = Utc(2026, 3, 19, 23), Dimensions = [Dimension("time:day")],
            },
            [Row(["2026-03-18"], 1L, 1L), Row(["2026-03-19"], 0L, 2L)],
            2),
        new(
            "Rates round half up on exact integers",
            [
                Pageview(Day.AddHours(1), session: "a", visitor: 1),
                Pageview(Day.AddHours(2), session: "b", visitor: 2), Pageview(Day.AddHours(2).AddMilliseconds(1500), session: "b", visitor: 2),
                Pageview(Day.AddHours(3), session: "c", visitor: 3), Pageview(Day.AddHours(3).AddSeconds(3), session: "c", visitor: 3),
            ],
            Query(StatsMetric.Visitors, StatsMetric.BounceRate, StatsMetric.VisitDuration, StatsMetric.ViewsPerVisit), // 1/3, 4.5 s / 3, 5/3
            [Row([], 3L, 33L, 2L, 1.67)],
            1),
        new(
            "Percentage is a row's visitors over all matching visitors, to one decimal",
            [
                Pageview(Day.AddHours(1), session: "a", visitor: 1),
                Pageview(Day.AddHours(2), session: "b", visitor: 2),
                Pageview(Day.AddHours(3), session: "c", visitor: 3) with { Browser = "Safari" },
            ],
            Query(StatsMetric.Visitors, StatsMetric.Percentage) with { Dimensions = [Dimension("visit:browser")] },
            [Row(["Chrome"], 2L, 66.7), Row(["Safari"], 1L, 33.3)],
            2),
        new(
            "Blank sources and tags show their labels, and ties order by the dimensions in byte order",
            [
                Pageview(Day.AddHours(1), session: "a"),
                Pageview(Day.AddHours(2), session: "b") with { Referrer = "https://www.google.com/", ReferrerHost = "google.com", ReferrerSource = "search" },
                Pageview(Day.AddHours(3), session: "c") with { UtmSource = "newsletter", UtmMedium = "email" },
                Pageview(Day.AddHours(4), session: "d") with { Referrer = "https://example.test/x", ReferrerHost = Site },
            ],
            Query(StatsMetric.Visits) with { Dimensions = [Dimension("visit:source"), Dimension("visit:utm_source")] },
            [
                Row(["Direct / None", "(not set)"], 2L),
                Row(["google.com", "(not set)"], 1L),
                Row(["newsletter", "newsletter"], 1L),
            ],
            3),
        new(
            "Filters compare the shown label, so (not set) can be asked for",
            [
                Pageview(Day.AddHours(1), session: "a", visitor: 1),
                Pageview(Day.AddHours(2), session: "b", visitor: 2) with { UtmSource = "newsletter" },
                Pageview(Day.AddHours(3), session: "c", visitor: 3) with { UtmSource = "" },
            ],
            Query(StatsMetric.Visitors) with { Filters = [new StatsCondition(StatsFilterOperator.Is, Dimension("visit:utm_source"), ["(NOT SET)"], CaseSensitive: false)] },
            [Row([], 2L)],
            1),
        new(
            "Bots are never counted",
            [Pageview(Day.AddHours(1), session: "a", visitor: 1), Pageview(Day.AddHours(2), session: "b", visitor: 2) with { IsBot = true }],
            Query(StatsMetric.Visitors, StatsMetric.Visits, StatsMetric.Pageviews),
            [Row([], 1L, 1L, 1L)],
            1),
        new(
            "The first week of a range starts no earlier than the range",
            [Pageview(Day.AddHours(1), session: "a"), Pageview(Utc(2026, 3, 23, 1), session: "b")], // a Wednesday, the next Monday
            Query(StatsMetric.Pageviews) with { To = Utc(2026, 3, 30), Dimensions = [Dimension("time:week")] },
            [Row(["2026-03-18"], 1L), Row(["2026-03-23"], 1L)],
            2),
        new(
            "With a top-level event:page filter, bounce rate counts only visits whose entry page passes it",
            [
                Pageview(Day.AddHours(1), "/a", session: "a"), Pageview(Day.AddHours(1).AddMinutes(1), "/b", session: "a"),
                Pageview(Day.AddHours(2), "/b", session: "b"),
            ],
            Query(StatsMetric.Visits, StatsMetric.BounceRate) with { Filters = [new StatsCondition(StatsFilterOperator.Is, Dimension("event:page"), ["/b"])] },
            [Row([], 2L, 100L)],
            1),
        new(
            "By event:page, visits count a visit on each page it has, and bounce rate groups by entry page",
            [
                Pageview(Day.AddHours(1), "/a", session: "a"), Pageview(Day.AddHours(1).AddMinutes(1), "/b", session: "a"),
                Pageview(Day.AddHours(2), "/b", session: "b"),
            ],
            Query(StatsMetric.Visits, StatsMetric.BounceRate, StatsMetric.Pageviews) with { Dimensions = [Dimension("event:page")] },
            [Row(["/b"], 2L, 100L, 2L), Row(["/a"], 1L, 0L, 1L)],
            2),
        new(
            "No matching event still gives the one row of totals",
            [Pageview(Day.AddHours(1))],
            Query(StatsMetric.Visitors, StatsMetric.Percentage, StatsMetric.BounceRate) with { Filters = [new StatsCondition(StatsFilterOperator.Is, Dimension("event:page"), ["/nowhere"])] },
            [Row([], 0L, null, 0L)],
            1),
        new(
            "A page of rows, and the total before paging",
            [Pageview(Day.AddHours(1), "/a", session: "a"), Pageview(Day.AddHours(2), "/b", session: "b"), Pageview(Day.AddHours(3), "/c", session: "c")],
            Query(StatsMetric.Pageviews) with { Dimensions = [Dimension("event:page")], OrderBy = [new StatsOrder("event:page", true)], Limit = 1, Offset = 1 },
            [Row(["/b"], 1L)],
            3),
        new(
            "A page past the last row is empty and still tells the total",
            [Pageview(Day.AddHours(1), "/a", session: "a"), Pageview(Day.AddHours(2), "/b", session: "b"), Pageview(Day.AddHours(3), "/c", session: "c")],
            Query(StatsMetric.Pageviews) with { Dimensions = [Dimension("event:page")], Offset = 5 },
            [],
            3),
        new(
            "By event:page with a page filter, visit metrics show no page the filter excludes",
            [Pageview(Day.AddHours(1), "/a"), Pageview(Day.AddHours(1).AddMinutes(1), "/b")],
            Query(StatsMetric.Visitors, StatsMetric.Visits, StatsMetric.BounceRate) with
            {
                Dimensions = [Dimension("event:page")],
                Filters = [new StatsCondition(StatsFilterOperator.Is, Dimension("event:page"), ["/b"])],
            },
            // The visit entered on /a: bounce rate, grouped by entry page, has no row for /b and none for /a either.
            [Row(["/b"], 1L, 1L, 0L)],
            1),
        new(
            "Two visitors sending the same session id have two visits",
            [Pageview(Day.AddHours(1), "/a", session: "abc123", visitor: 1), Pageview(Day.AddHours(1).AddMinutes(1), "/b", session: "abc123", visitor: 2)],
            Query(StatsMetric.Visitors, StatsMetric.Visits, StatsMetric.BounceRate),
            [Row([], 2L, 2L, 100L)],
            1),
        new(
            "Scroll depth averages each visit's deepest scroll on the page, rounded half up",
            [
                Pageview(Day.AddHours(1), "/blog", session: "a", visitor: 1),
                Engagement(Day.AddHours(1).AddMinutes(1), "/blog", 20, 5_000, session: "a", visitor: 1),
                Engagement(Day.AddHours(1).AddMinutes(2), "/blog", 60, 5_000, session: "a", visitor: 1),
                Pageview(Day.AddHours(2), "/blog", session: "b", visitor: 2),
                Engagement(Day.AddHours(2).AddMinutes(1), "/blog", 75, 9_000, session: "b", visitor: 2),
                Pageview(Day.AddHours(3), "/blog", session: "c", visitor: 3),
                Engagement(Day.AddHours(3).AddMinutes(1), "/blog", null, 4_000, session: "c", visitor: 3), // no scroll reported
                Engagement(Day.AddHours(3).AddMinutes(2), "/a", 10, 1_000, session: "c", visitor: 3),
            ],
            Query(StatsMetric.ScrollDepth, StatsMetric.Visitors) with { Dimensions = [Dimension("event:page")] },
            // /blog: visits a (60) and b (75): 67.5 rounds to 68; c reported no scroll there. /a: c's 10.
            [Row(["/blog"], 68L, 3L), Row(["/a"], 10L, 1L)],
            2),
        new(
            "Time on page is a page's engaged time over the visits that engaged on it, in whole seconds",
            [
                // Plausible's own test: 120 s and 20 s in one visit, 60 s in another, on /blog: 200 s / 2 visits.
                Pageview(Day.AddHours(1), "/blog", session: "a", visitor: 12),
                Engagement(Day.AddHours(1).AddMinutes(10), "/blog", 50, 120_000, session: "a", visitor: 12),
                Engagement(Day.AddHours(1).AddMinutes(11), "/blog", 50, 20_000, session: "a", visitor: 12),
                Pageview(Day.AddHours(2), "/blog", session: "b", visitor: 13),
                Engagement(Day.AddHours(2).AddMinutes(10), "/blog", 50, 60_000, session: "b", visitor: 13),
                // /a: 0.5 s and 2.5 s in two visits of one visitor: 1.5 s rounds half up to 2.
                Pageview(Day.AddHours(3), "/a", session: "c", visitor: 14),
                Engagement(Day.AddHours(3).AddSeconds(1), "/a", null, 500, session: "c", visitor: 14),
                Pageview(Day.AddHours(4), "/a", session: "d", visitor: 14),
                Engagement(Day.AddHours(4).AddSeconds(3), "/a", null, 2_500, session: "d", visitor: 14),
                // A scroll without engaged time is not a visit that engaged.
                Engagement(Day.AddHours(4).AddSeconds(4), "/a", 30, null, session: "d", visitor: 14),
                Pageview(Day.AddHours(5), "/a", session: "e", visitor: 15),
                Engagement(Day.AddHours(5).AddSeconds(9), "/a", 80, null, session: "e", visitor: 15),
            ],
            Query(StatsMetric.TimeOnPage, StatsMetric.Visits) with { Dimensions = [Dimension("event:page")] },
            [Row(["/blog"], 100L, 2L), Row(["/a"], 2L, 3L)],
            2),
        new(
            "With a page filter and no page dimension, a visit counts once, with its deepest scroll and all its engaged time on the pages kept",
            [
                Pageview(Day.AddHours(1), "/blog/x", session: "a", visitor: 1),
                Engagement(Day.AddHours(1).AddMinutes(1), "/blog/x", 30, 10_000, session: "a", visitor: 1),
                Pageview(Day.AddHours(1).AddMinutes(2), "/blog/y", session: "a", visitor: 1),
                Engagement(Day.AddHours(1).AddMinutes(3), "/blog/y", 90, 20_000, session: "a", visitor: 1),
                Pageview(Day.AddHours(1).AddMinutes(4), "/pricing", session: "a", visitor: 1),
                Engagement(Day.AddHours(1).AddMinutes(5), "/pricing", 100, 600_000, session: "a", visitor: 1), // filtered out
                Pageview(Day.AddHours(2), "/blog/x", session: "b", visitor: 2),
                Engagement(Day.AddHours(2).AddMinutes(1), "/blog/x", 50, 5_000, session: "b", visitor: 2),
            ],
            Query(StatsMetric.ScrollDepth, StatsMetric.TimeOnPage, StatsMetric.Pageviews) with
            {
                Filters = [new StatsCondition(StatsFilterOperator.Contains, Dimension("event:page"), ["/blog"])],
            },
            // Scroll: (90 + 50) / 2 = 70. Time: (30 s + 5 s) / 2 = 17.5 s, rounded half up to 18.
            [Row([], 70L, 18L, 3L)],
            1),
        new(
            "Without engagement events scroll depth and time on page are null, not zero",
            [Pageview(Day.AddHours(1), "/"), Engagement(Day.AddHours(1).AddMinutes(1), "/other", 40, 3_000)],
            Query(StatsMetric.ScrollDepth, StatsMetric.TimeOnPage, StatsMetric.Visitors) with
            {
                Filters = [new StatsCondition(StatsFilterOperator.Is, Dimension("event:page"), ["/"])],
            },
            [Row([], null, null, 1L)],
            1),
        new(
            "Engagement events fall into their own time bucket, and 0 is a scroll depth",
            [
                Pageview(Utc(2026, 3, 18, 23, 50), "/", session: "a"),
                Engagement(Utc(2026, 3, 19, 0, 10), "/", 0, 1_200_000, session: "a"), // the next day, in UTC
            ],
            Query(StatsMetric.Pageviews, StatsMetric.ScrollDepth, StatsMetric.TimeOnPage) with
            {
                To = Utc(2026, 3, 20), Dimensions = [Dimension("time:day"), Dimension("event:page")],
            },
            [Row(["2026-03-18", "/"], 1L, null, null), Row(["2026-03-19", "/"], 0L, 0L, 1200L)],
            2),
        new(
            "An event:name breakdown does not list engagement events, as Plausible hides them",
            [
                Pageview(Day.AddHours(1), "/", session: "a", visitor: 1),
                Engagement(Day.AddHours(1).AddMinutes(1), "/", 50, 30_000, session: "a", visitor: 1),
                Custom(Day.AddHours(1).AddMinutes(2), "signup", session: "a", visitor: 1),
                Pageview(Day.AddHours(2), "/", session: "b", visitor: 2),
                Engagement(Day.AddHours(2).AddMinutes(1), "/", 70, 10_000, session: "b", visitor: 2),
            ],
            Query(StatsMetric.Visitors, StatsMetric.Events, StatsMetric.Visits, StatsMetric.Percentage) with { Dimensions = [Dimension("event:name")] },
            [Row(["pageview"], 2L, 2L, 2L, 100.0), Row(["signup"], 1L, 1L, 1L, 50.0)],
            2),
        new(
            "Skipping the one row of totals leaves none, out of one",
            [Pageview(Day.AddHours(1))],
            Query(StatsMetric.Pageviews) with { Offset = 1 },
            [],
            1),
    ];

    public static IEnumerable<object[]> Names => All.Select(e => new object[] { e.Name });

    public static StatsExample Named(string name) => All.Single(e => e.Name == name);

    public static StatsDimension Dimension(string name) => StatsDimension.Find(name) ?? throw new ArgumentException($"No dimension {name}.", nameof(name));

    public static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    private static StatsQuery Query(params StatsMetric[] metrics) => new()
    {
        Site = Site,
        From = Day,
        To = Day.AddDays(1),
        Metrics = metrics,
    };

    private static StatsRow Row(string[] dimensions, params object?[] metrics) => new(dimensions, metrics);
}
