using System.Text.Json;
using System.Text.Json.Serialization;

namespace Analytics.AspNetCore.Serialization;

/// <summary>
/// The body of <c>POST /api/v2/query</c> (Plausible's Stats API v2), for the API's description; the endpoint reads the
/// JSON itself, so that every malformed body gets a 400 naming the member.
/// </summary>
/// <param name="SiteId">The site's domain. Required.</param>
/// <param name="Metrics">visitors, visits, pageviews, views_per_visit, bounce_rate, visit_duration, events, percentage, scroll_depth, time_on_page. Required.</param>
/// <param name="DateRange">"day", "24h", "7d", "28d", "30d", "91d" (any "Nd": N days up to yesterday), "month", "6mo", "12mo" (whole months before this one), "year", "all", ["2026-01-01", "2026-01-31"] or ["2026-01-01T00:00:00+01:00", "2026-01-01T11:59:59+01:00"]. Required.</param>
/// <param name="Dimensions">event:page, event:hostname, event:name, event:props:&lt;key&gt;, visit:source, visit:channel, visit:referrer, visit:utm_*, visit:device, visit:browser(_version), visit:os(_version), visit:entry_page, visit:exit_page, time, time:hour, time:day, time:week, time:month.</param>
/// <param name="Filters">["is" | "is_not" | "contains" | "contains_not" | "matches" | "matches_not", dimension, [values], {"case_sensitive": false}?], ["and", [filters]], ["or", [filters]], ["not", filter].</param>
/// <param name="OrderBy">[[metric or dimension, "asc" | "desc"]]; default: the time dimension ascending, then the first metric descending.</param>
/// <param name="Include">time_labels, total_rows, comparisons.</param>
/// <param name="Pagination">limit 1 to 10000 (default 10000), offset.</param>
internal sealed record StatsQueryRequest(
    [property: JsonPropertyName("site_id")] string SiteId,
    [property: JsonPropertyName("metrics")] IReadOnlyList<string> Metrics,
    [property: JsonPropertyName("date_range")] JsonElement DateRange,
    [property: JsonPropertyName("dimensions")] IReadOnlyList<string>? Dimensions,
    [property: JsonPropertyName("filters")] IReadOnlyList<JsonElement>? Filters,
    [property: JsonPropertyName("order_by")] IReadOnlyList<IReadOnlyList<string>>? OrderBy,
    [property: JsonPropertyName("include")] StatsIncludeRequest? Include,
    [property: JsonPropertyName("pagination")] StatsPagination? Pagination);
