using System.Text.Json;
using System.Text.Json.Serialization;

namespace Analytics.AspNetCore.Serialization;

/// <summary>The comparison of a stats query, for the API's description.</summary>
/// <param name="Mode">"previous_period" (as long, right before), "year_over_year" (the same dates a year before) or "custom".</param>
/// <param name="DateRange">The range of "custom", in any form of the query's date_range.</param>
internal sealed record StatsComparisonsRequest(
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("date_range")] JsonElement? DateRange);
