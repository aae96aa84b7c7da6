using System.Text.Json.Serialization;

namespace Analytics.AspNetCore.Serialization;

/// <summary>One site of <see cref="SitesResponse"/>: its domain and the IANA (or Windows) time zone its reports use.</summary>
internal sealed record SiteResponse(
    [property: JsonPropertyName("domain")] string Domain,
    [property: JsonPropertyName("time_zone")] string TimeZone);
