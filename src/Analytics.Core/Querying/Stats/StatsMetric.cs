namespace Analytics.Querying.Stats;

/// <summary>
/// A metric of the stats query, with Plausible's definition. Event metrics are counted over the events in the range;
/// visit metrics over the visits that start in it (docs/stats-api.md).
/// </summary>
public sealed class StatsMetric
{
    private StatsMetric(string name, bool isVisitMetric, bool isSessionOnly)
    {
        Name = name;
        IsVisitMetric = isVisitMetric;
        IsSessionOnly = isSessionOnly;
    }

    /// <summary>Distinct visitors among the matching events.</summary>
    public static StatsMetric Visitors { get; } = new("visitors", false, false);

    /// <summary>Visits that start in the range and have a matching event in it.</summary>
    public static StatsMetric Visits { get; } = new("visits", true, false);

    /// <summary>Page views among the matching events.</summary>
    public static StatsMetric Pageviews { get; } = new("pageviews", false, false);

    /// <summary>Page views per visit, over the visits counted, rounded to two decimals.</summary>
    public static StatsMetric ViewsPerVisit { get; } = new("views_per_visit", true, true);

    /// <summary>The share of visits with no interaction after their first event, as a whole percentage.</summary>
    public static StatsMetric BounceRate { get; } = new("bounce_rate", true, true);

    /// <summary>The mean time from a visit's first event to its last, in whole seconds.</summary>
    public static StatsMetric VisitDuration { get; } = new("visit_duration", true, true);

    /// <summary>Matching events other than engagement events.</summary>
    public static StatsMetric Events { get; } = new("events", false, false);

    /// <summary>A row's visitors as a percentage of all visitors the query's filters keep, to one decimal.</summary>
    public static StatsMetric Percentage { get; } = new("percentage", false, false);

    /// <summary>
    /// The mean over visits of the deepest scroll (percent) their matching engagement events report, as a whole
    /// percentage; null without any. Plausible's: the HTTP API needs an <c>event:page</c> dimension or top-level filter.
    /// </summary>
    public static StatsMetric ScrollDepth { get; } = new("scroll_depth", false, false);

    /// <summary>
    /// The engaged time of the matching engagement events over the visits that sent them, in whole seconds; null without
    /// any. Plausible's engagement-based definition: the HTTP API needs an <c>event:page</c> dimension or filter.
    /// </summary>
    public static StatsMetric TimeOnPage { get; } = new("time_on_page", false, false);

    /// <summary>The mean of the durations the matching events carry, or null; the seed aggregate's <c>avg_duration</c>, not offered by name.</summary>
    internal static StatsMetric AverageDuration { get; } = new("avg_duration", false, false);

    /// <summary>Every metric, in the order the docs list them.</summary>
    public static IReadOnlyList<StatsMetric> All { get; } = [Visitors, Visits, Pageviews, ViewsPerVisit, BounceRate, VisitDuration, Events, Percentage, ScrollDepth, TimeOnPage];

    /// <summary>The metric's name in the API.</summary>
    public string Name { get; }

    /// <summary>Whether it is counted over visits (and needs them derived from the events).</summary>
    public bool IsVisitMetric { get; }

    /// <summary>Whether it is read from engagement events per visit (scroll depth, time on page), and so needs each event's visit key.</summary>
    public bool IsEngagementMetric => this == ScrollDepth || this == TimeOnPage;

    /// <summary>Whether it exists only for visits (bounce rate, visit duration, views per visit), never for an event dimension.</summary>
    public bool IsSessionOnly { get; }

    /// <summary>The metric named <paramref name="name"/>, or null.</summary>
    public static StatsMetric? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    /// <inheritdoc />
    public override string ToString() => Name;
}
