namespace Analytics.Querying;

/// <summary>What to aggregate: page views between two instants, bucketed by <see cref="Width"/> in the reporting time zone.</summary>
public sealed record AggregateQuery
{
    /// <summary>The bucket width.</summary>
    public required TimeBucketWidth Width { get; init; }

    /// <summary>Events at or after this instant are counted.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>Events before this instant are counted.</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>Only this site's events (normalized domain); null means every site.</summary>
    public string? Site { get; init; }

    /// <summary>Only these pages; empty means every page.</summary>
    public IReadOnlyList<string> Pages { get; init; } = [];

    /// <summary>Derived fields added to the grouping (and to each row), in <see cref="AggregateDimension.All"/> order.</summary>
    public IReadOnlyList<AggregateDimension> GroupBy { get; init; } = [];

    /// <summary>Only events whose field has one of the given values; a dimension not listed is not filtered.</summary>
    public IReadOnlyDictionary<AggregateDimension, IReadOnlyList<string>> Filters { get; init; } =
        new Dictionary<AggregateDimension, IReadOnlyList<string>>();

    /// <summary>
    /// The most rows answered, the first in the aggregate's order; the rest are never read from the store. The API
    /// asks for one more than <see cref="AnalyticsOptions.MaxResultRows"/> to tell a complete answer from a cut one.
    /// </summary>
    public int Limit { get; init; } = int.MaxValue;

    /// <summary>Count bots too. Off by default: bots are stored but are not visitors.</summary>
    public bool IncludeBots { get; init; }
}
