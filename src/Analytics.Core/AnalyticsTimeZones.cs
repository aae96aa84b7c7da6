using Microsoft.Extensions.Options;

namespace Analytics;

/// <summary>
/// Turns Windows time-zone ids in the options (<c>W. Europe Standard Time</c>, which .NET accepts on every platform)
/// into their IANA ids (<c>Europe/Berlin</c>), which PostgreSQL and DuckDB know, before the options are validated and used.
/// </summary>
internal sealed class AnalyticsTimeZones : IPostConfigureOptions<AnalyticsOptions>
{
    public void PostConfigure(string? name, AnalyticsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.TimeZone = ToIana(options.TimeZone);
        foreach (var site in options.Sites)
        {
            site.TimeZone = site.TimeZone is null ? null : ToIana(site.TimeZone);
        }
    }

    /// <summary>The IANA id of a Windows time-zone id; any other id as given.</summary>
    public static string ToIana(string id) =>
        !string.IsNullOrWhiteSpace(id)
        && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
        && !zone.HasIanaId
        && TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana)
            ? iana
            : id;
}
