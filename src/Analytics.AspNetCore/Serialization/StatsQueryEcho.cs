using System.Text.Json;
using System.Text.Json.Serialization;

namespace Analytics.AspNetCore.Serialization;

/// <summary>The query of a stats answer, as it was run.</summary>
/// <param name="SiteId">The site, normalized.</param>
/// <param name="Metrics">The metrics.</param>
/// <param name="DateRange">The first and the last second of the range, in the site's offset: <c>["2026-03-01T00:00:00+01:00", "2026-03-31T23:59:59+02:00"]</c>.</param>
/// <param name="Filters">The filters as sent.</param>
/// <param name="Dimensions">The dimensions, a bare <c>time</c> resolved (<c>time:day</c>).</param>
/// <param name="OrderBy">The order applied, the default included.</param>
/// <param name="Include">The <c>include</c> options that are set.</param>
/// <param name="Pagination">The page.</param>
internal sealed record StatsQueryEcho(
    [property: JsonPropertyName("site_id")] string SiteId,
    [property: JsonPropertyName("metrics")] IReadOnlyList<string> Metrics,
    [property: JsonPropertyName("date_range")] IReadOnlyList<string> DateRange,
    [property: JsonPropertyName("filters")] JsonElement Filters,
    [property: JsonPropertyName("dimensions")] IReadOnlyList<string> Dimensions,
    [property: JsonPropertyName("order_by")] IReadOnlyList<IReadOnlyList<string>> OrderBy,
    [property: JsonPropertyName("include")] StatsIncludeEcho Include,
    [property: JsonPropertyName("pagination")] StatsPagination Pagination);
