namespace Analytics.AspNetCore.Stats;

/// <summary>A row's counterpart in the comparison range.</summary>
/// <param name="Dimensions">Its dimension values; a time bucket with no counterpart is null.</param>
/// <param name="Metrics">Its metrics (defaults when it has no row).</param>
/// <param name="Change">How each metric changed from it to the row.</param>
internal sealed record StatsComparisonRow(IReadOnlyList<string?> Dimensions, IReadOnlyList<object?> Metrics, IReadOnlyList<object?> Change);
