using System.Text.Json;
using System.Text.Json.Serialization;

namespace Analytics.AspNetCore.Serialization;

/// <summary>The <c>include</c> options of a query; those not set are left out, as Plausible does.</summary>
/// <param name="Imports">Accepted for Plausible's clients; there are no imported stats.</param>
/// <param name="TimeLabels">Whether <c>meta.time_labels</c> lists the range's buckets.</param>
/// <param name="TotalRows">Whether <c>meta.total_rows</c> counts the rows before pagination.</param>
/// <param name="Comparisons">The comparison asked for: <c>{"mode": "previous_period"}</c>, <c>{"mode": "year_over_year"}</c> or <c>{"mode": "custom", "date_range": [...]}</c>.</param>
internal sealed record StatsIncludeEcho(
    [property: JsonPropertyName("imports"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Imports = null,
    [property: JsonPropertyName("time_labels"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? TimeLabels = null,
    [property: JsonPropertyName("total_rows"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? TotalRows = null,
    [property: JsonPropertyName("comparisons"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Comparisons = null);
