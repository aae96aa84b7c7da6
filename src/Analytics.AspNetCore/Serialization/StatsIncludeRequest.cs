using System.Text.Json.Serialization;

namespace Analytics.AspNetCore.Serialization;

/// <summary>The <c>include</c> options of a stats query, for the API's description.</summary>
/// <param name="TimeLabels">List every bucket of the range in <c>meta.time_labels</c> (needs a time dimension).</param>
/// <param name="TotalRows">Count the rows before pagination in <c>meta.total_rows</c>.</param>
/// <param name="Comparisons">Compare each row with the same row in another range.</param>
internal sealed record StatsIncludeRequest(
    [property: JsonPropertyName("time_labels")] bool? TimeLabels,
    [property: JsonPropertyName("total_rows")] bool? TotalRows,
    [property: JsonPropertyName("comparisons")] StatsComparisonsRequest? Comparisons);
