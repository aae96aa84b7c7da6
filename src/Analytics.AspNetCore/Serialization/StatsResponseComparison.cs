using System.Text.Json.Serialization;

namespace Analytics.AspNetCore.Serialization;

/// <summary>A row's counterpart in the comparison range.</summary>
/// <param name="Dimensions">Its dimension values: time buckets mapped by position, the others equal (null when a bucket has no counterpart).</param>
/// <param name="Metrics">Its metrics: zeros when it has no row (<c>visit_duration</c> null).</param>
/// <param name="Change">Per metric, the change in whole percent; for <c>bounce_rate</c>, in points. Null when it cannot be computed.</param>
internal sealed record StatsResponseComparison(
    [property: JsonPropertyName("dimensions")] IReadOnlyList<string?> Dimensions,
    [property: JsonPropertyName("metrics")] IReadOnlyList<object?> Metrics,
    [property: JsonPropertyName("change")] IReadOnlyList<object?> Change);
