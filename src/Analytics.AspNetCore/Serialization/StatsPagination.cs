using System.Text.Json.Serialization;

namespace Analytics.AspNetCore.Serialization;

/// <summary>A page of rows.</summary>
/// <param name="Limit">The most rows, 1 to 10000; default 10000.</param>
/// <param name="Offset">Rows skipped first; default 0.</param>
internal sealed record StatsPagination(
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("offset")] int Offset);
