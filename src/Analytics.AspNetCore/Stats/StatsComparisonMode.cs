namespace Analytics.AspNetCore.Stats;

/// <summary>Which range <c>include.comparisons</c> compares the query's range with.</summary>
internal enum StatsComparisonMode
{
    /// <summary>As long as the range, right before it.</summary>
    PreviousPeriod,

    /// <summary>The same local dates (or times) one year earlier.</summary>
    YearOverYear,

    /// <summary>A range of the client's.</summary>
    Custom,
}
