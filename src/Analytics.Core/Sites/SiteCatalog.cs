using Analytics.Storage;

namespace Analytics.Sites;

/// <summary>
/// The sites of <see cref="AnalyticsOptions.Sites"/>: which are accepted, and the time zone each one's reports use.
/// With no site listed every site is accepted and reported in <see cref="AnalyticsOptions.TimeZone"/>.
/// </summary>
public sealed class SiteCatalog
{
    private readonly Dictionary<string, TimeZoneInfo> _zones = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, string> _umamiWebsites = [];
    private readonly TimeZoneInfo _defaultZone;

    /// <summary>Reads the catalog from <paramref name="options"/> (validated at startup).</summary>
    public SiteCatalog(AnalyticsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_defaultZone, _) = ReportingTimeZone.Resolve(options.TimeZone);
        foreach (var site in options.Sites)
        {
            var domain = SiteDomain.Normalize(site.Domain) ?? throw new ArgumentException($"'{site.Domain}' is not a site domain.", nameof(options));
            _zones[domain] = string.IsNullOrWhiteSpace(site.TimeZone) ? _defaultZone : ReportingTimeZone.Resolve(site.TimeZone).Zone;
            if (site.UmamiWebsiteId is { } websiteId)
            {
                _umamiWebsites[websiteId] = domain;
            }
        }
    }

    /// <summary>True when sites are listed, so that others are refused.</summary>
    public bool IsRestricted => _zones.Count > 0;

    /// <summary>The listed sites, in no particular order.</summary>
    public IEnumerable<string> Listed => _zones.Keys;

    /// <summary>Whether events and queries for <paramref name="site"/> (normalized) are accepted.</summary>
    public bool Accepts(string site) => !IsRestricted || _zones.ContainsKey(site);

    /// <summary>The site whose <see cref="SiteOptions.UmamiWebsiteId"/> is <paramref name="websiteId"/>, or null.</summary>
    public string? SiteOfUmamiWebsite(Guid websiteId) => _umamiWebsites.GetValueOrDefault(websiteId);

    /// <summary>The time zone reports of <paramref name="site"/> use.</summary>
    public TimeZoneInfo TimeZoneOf(string site) => _zones.TryGetValue(site, out var zone) ? zone : _defaultZone;
}
