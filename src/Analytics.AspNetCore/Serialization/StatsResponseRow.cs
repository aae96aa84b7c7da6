using System.Text.Json.Serialization;

namespace Analytics.AspNetCore.Serialization;

/// <summary>One row of a stats answer.</summary>
/// <param name="Metrics">The metrics' values in the query's order: integers, numbers or null.</param>
/// <param name="Dimensions">The dimensions' values in the query's order.</param>
/// <param name="Comparison">The row in the comparison range, with <c>include.comparisons</c>.</param>
internal sealed record StatsResponseRow(
    [property: JsonPropertyName("metrics")] IReadOnlyList<object?> Metrics,
    [property: JsonPropertyName("dimensions")] IReadOnlyList<string> Dimensions,
    [property: JsonPropertyName("comparison"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] StatsResponseComparison? Comparison = null);
