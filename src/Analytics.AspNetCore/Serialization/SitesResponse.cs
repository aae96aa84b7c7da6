using System.Text.Json.Serialization;

namespace Analytics.AspNetCore.Serialization;

/// <summary>
/// The body of <c>GET /api/v2/sites</c>: the sites a query may name, and whether others are refused
/// (<c>restricted</c> false: no site is listed, so every site is served and <c>sites</c> holds the default one).
/// </summary>
internal sealed record SitesResponse(
    [property: JsonPropertyName("sites")] IReadOnlyList<SiteResponse> Sites,
    [property: JsonPropertyName("restricted")] bool Restricted);
