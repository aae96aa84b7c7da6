namespace Analytics.Querying.Stats;

/// <summary>
/// One row of a stats answer: the dimensions' values (time buckets as their local start) and the metrics' values, both
/// in the query's order. A metric is a <see cref="long"/>, a <see cref="double"/> or null (a rate over no visits).
/// </summary>
/// <param name="Dimensions">The values, in the order of <see cref="StatsQuery.Dimensions"/>.</param>
/// <param name="Metrics">The values, in the order of <see cref="StatsQuery.Metrics"/>.</param>
public sealed record StatsRow(IReadOnlyList<string> Dimensions, IReadOnlyList<object?> Metrics);
