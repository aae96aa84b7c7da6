namespace Analytics.Querying.Stats;

/// <summary>A filter of the stats query: a condition on a dimension, or <c>and</c>, <c>or</c> and <c>not</c> of filters.</summary>
public abstract record StatsFilter;

/// <summary>
/// The dimension compared with the values; one matching value is enough (<c>is</c>), or none may match (<c>is_not</c>).
/// A blank value reads as the dimension's label for it (<c>(not set)</c>, <c>Direct / None</c>, <c>(none)</c>).
/// </summary>
/// <param name="Operator">How to compare.</param>
/// <param name="Dimension">An event or visit dimension (never a time dimension).</param>
/// <param name="Values">At least one value.</param>
/// <param name="CaseSensitive">False compares in lower case (not for <c>matches</c>).</param>
public sealed record StatsCondition(StatsFilterOperator Operator, StatsDimension Dimension, IReadOnlyList<string> Values, bool CaseSensitive = true) : StatsFilter;

/// <summary>Every filter holds.</summary>
/// <param name="Filters">At least one filter.</param>
public sealed record StatsAnd(IReadOnlyList<StatsFilter> Filters) : StatsFilter;

/// <summary>At least one filter holds.</summary>
/// <param name="Filters">At least one filter.</param>
public sealed record StatsOr(IReadOnlyList<StatsFilter> Filters) : StatsFilter;

/// <summary>The filter does not hold.</summary>
/// <param name="Filter">The filter negated.</param>
public sealed record StatsNot(StatsFilter Filter) : StatsFilter;
