namespace Analytics.ApiKeys;

/// <summary>What is known about a key without the key itself: safe to show and to log.</summary>
/// <param name="Prefix">The key's first characters (<c>ak_</c> and eight more), which name it in lists and for revoking.</param>
/// <param name="Scope">What the key may do.</param>
/// <param name="Site">The one site the key may read or send for, or null for every site.</param>
/// <param name="CreatedAt">When the key was created.</param>
/// <param name="LastUsedAt">When the key was last verified against the store (at most once per <see cref="AnalyticsOptions.ApiKeyCacheDuration"/> and instance), or null.</param>
public sealed record ApiKeyInfo(string Prefix, ApiKeyScope Scope, string? Site, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt)
{
    /// <summary>Whether the key covers <paramref name="site"/> (a normalized domain); null asks about every site.</summary>
    public bool Covers(string? site) => Site is null || (site is not null && string.Equals(Site, site, StringComparison.Ordinal));
}
