using System.Text.Json.Serialization;

namespace Analytics.AspNetCore.Serialization;

/// <summary>The answer to <c>POST /api/v2/query</c>, in Plausible's shape.</summary>
/// <param name="Results">One row per combination of dimension values (one row of totals without dimensions).</param>
/// <param name="Meta">What <c>include</c> asked for.</param>
/// <param name="Query">The query as run: <c>time</c> resolved, the range as instants, the effective order.</param>
internal sealed record StatsResponse(
    [property: JsonPropertyName("results")] IReadOnlyList<StatsResponseRow> Results,
    [property: JsonPropertyName("meta")] StatsResponseMeta Meta,
    [property: JsonPropertyName("query")] StatsQueryEcho Query);
