using System.Text.Json.Serialization;

namespace Analytics.AspNetCore.Serialization;

/// <summary>The <c>meta</c> of a stats answer: only what <c>include</c> asked for, so usually <c>{}</c>.</summary>
/// <param name="TimeLabels">Every time bucket of the range (<c>include.time_labels</c>).</param>
/// <param name="TotalRows">The rows before pagination (<c>include.total_rows</c>).</param>
internal sealed record StatsResponseMeta(
    [property: JsonPropertyName("time_labels"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? TimeLabels = null,
    [property: JsonPropertyName("total_rows"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? TotalRows = null);
