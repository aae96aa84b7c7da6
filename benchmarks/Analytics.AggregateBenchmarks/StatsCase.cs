using Analytics.Querying;
using Analytics.Querying.Stats;

namespace Analytics.AggregateBenchmarks;

/// <summary>
/// One query of the dashboard set of the stats API (POST /api/v2/query), over the generated site: the top stats of
/// the range and of the period before it (the comparison), a daily visitors series, and the top ten of seven panels.
/// </summary>
internal sealed record StatsCase(string Name, Func<DateTime, StatsQuery> Query)
{
    private const string Site = "example.com";
    private static readonly TimeSpan NinetyDays = TimeSpan.FromDays(90);

    private static readonly IReadOnlyList<StatsMetric> TopStats =
        [StatsMetric.Visitors, StatsMetric.Visits, StatsMetric.Pageviews, StatsMetric.ViewsPerVisit, StatsMetric.BounceRate, StatsMetric.VisitDuration];

    public static IReadOnlyList<StatsCase> All { get; } =
    [
        new("top stats, 90 days", end => Range(end, 0) with { Metrics = TopStats }),
        new("top stats, the 90 days before (comparison)", end => Range(end, 1) with { Metrics = TopStats }),
        new("daily visitors, 90 days", end => Range(end, 0) with
        {
            Metrics = [StatsMetric.Visitors],
            Dimensions = [StatsDimension.Time(TimeBucketUnit.Day)],
            OrderBy = [new("time:day", false)],
        }),
        Top("top 10 pages", "event:page"),
        Top("top 10 sources", "visit:source"),
        Top("top 10 browsers", "visit:browser"),
        Top("top 10 operating systems", "visit:os"),
        Top("top 10 devices", "visit:device"),
        Top("top 10 entry pages", "visit:entry_page"),
        Top("top 10 exit pages", "visit:exit_page"),
    ];

    private static StatsCase Top(string name, string dimension) => new(name, end => Range(end, 0) with
    {
        Metrics = [StatsMetric.Visitors],
        Dimensions = [StatsDimension.Find(dimension)!],
        OrderBy = [new("visitors", true)],
        Limit = 10,
    });

    // The 90 days before the data's end, or the 90 days before those.
    private static StatsQuery Range(DateTime endUtc, int periodsBack) => new()
    {
        Site = Site,
        From = new DateTimeOffset(endUtc - (NinetyDays * (periodsBack + 1)), TimeSpan.Zero),
        To = new DateTimeOffset(endUtc - (NinetyDays * periodsBack), TimeSpan.Zero),
        Metrics = [StatsMetric.Visitors],
    };
}
