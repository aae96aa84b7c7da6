namespace Analytics;

/// <summary>One site listed in <see cref="AnalyticsOptions.Sites"/>.</summary>
public sealed class SiteOptions
{
    /// <summary>The site's domain, without <c>www.</c>: <c>shop.test</c>.</summary>
    public string Domain { get; set; } = "";

    /// <summary>The IANA time zone its reports use; null means <see cref="AnalyticsOptions.TimeZone"/>.</summary>
    public string? TimeZone { get; set; }

    /// <summary>
    /// The id of the Umami website whose events (<c>POST /api/send</c>, <c>POST /api/batch</c>) belong to this site;
    /// null when the site takes none.
    /// </summary>
    public Guid? UmamiWebsiteId { get; set; }
}
