namespace Analytics.Querying.Stats;

/// <summary>
/// A stats query as the stores run it: one site, a resolved range of instants, metrics, dimensions, filters, order and
/// a page of rows. Bots are never counted. Built and checked by the HTTP layer (or by code), run by
/// <see cref="Storage.IEventReader.QueryStatsAsync"/>.
/// </summary>
public sealed record StatsQuery
{
    /// <summary>The site (normalized domain).</summary>
    public required string Site { get; init; }

    /// <summary>The first instant in the range.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>The instant after the range.</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>The site's time zone: time buckets are its local days, hours, weeks (from Monday) and months.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>At least one metric, each once.</summary>
    public required IReadOnlyList<StatsMetric> Metrics { get; init; }

    /// <summary>The dimensions rows are grouped by, each once; none gives one row of totals.</summary>
    public IReadOnlyList<StatsDimension> Dimensions { get; init; } = [];

    /// <summary>Filters that must all hold.</summary>
    public IReadOnlyList<StatsFilter> Filters { get; init; } = [];

    /// <summary>The order; rows that tie on it are ordered by their dimensions, ascending.</summary>
    public IReadOnlyList<StatsOrder> OrderBy { get; init; } = [];

    /// <summary>The most rows returned (the HTTP API allows at most 10,000 a page).</summary>
    public int Limit { get; init; } = 10_000;

    /// <summary>Rows skipped before the first one returned.</summary>
    public int Offset { get; init; }

    /// <summary>Counts every site's events (<see cref="Site"/> is then unused): the seed aggregate's query without a site.</summary>
    internal bool EverySite { get; init; }

    /// <summary>Counts bots too: the seed aggregate's <c>include_bots</c>. The stats API never does.</summary>
    internal bool IncludeBots { get; init; }
}
