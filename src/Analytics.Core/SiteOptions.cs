namespace Analytics;

/// <summary>One site listed in <see cref="AnalyticsOptions.Sites"/>.</summary>
public sealed class SiteOptions
{
    /// <summary>The site's domain, without <c>www.</c>: <c>shop.test</c>.</summary>
    public string Domain { get; set; } = "";

    /// <summary>The IANA time zone its reports use; null means <see cref="AnalyticsOptions.TimeZone"/>.</summary>
    public string? TimeZone { get; set; }
}
