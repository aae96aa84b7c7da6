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

    /// <summary>The most rows returned.</summary>
    public int Limit { get; init; } = 10_000;

    /// <summary>Rows skipped before the first one returned.</summary>
    public int Offset { get; init; }
}
