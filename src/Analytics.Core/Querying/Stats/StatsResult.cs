namespace Analytics.Querying.Stats;

/// <summary>A page of stats rows, and how many rows the query has in all.</summary>
/// <param name="Rows">The rows of the page.</param>
/// <param name="TotalRows">Rows before pagination.</param>
public sealed record StatsResult(IReadOnlyList<StatsRow> Rows, long TotalRows);
