namespace Analytics.Enrichment;

/// <summary>The traffic-source classes that enrichment stores, as decided by <see cref="Referrers.Classify"/>.</summary>
public static class TrafficSources
{
    /// <summary>No referrer and no campaign tags, or a referrer from the site itself.</summary>
    public const string Direct = "direct";

    /// <summary>A search engine, organic or paid, including AI assistants that answer with links.</summary>
    public const string Search = "search";

    /// <summary>A social network, forum, video site or messenger.</summary>
    public const string Social = "social";

    /// <summary>A webmail client, a mail app or a newsletter.</summary>
    public const string Email = "email";

    /// <summary>Any other site, and campaigns from a source not recognised.</summary>
    public const string Referral = "referral";

    /// <summary>
    /// Not a class that enrichment gives: what events stored before sources were derived (schema 4 on PostgreSQL, 3 on
    /// DuckDB) read as.
    /// </summary>
    public const string Unknown = "unknown";

    /// <summary>Every class enrichment gives, in the order above.</summary>
    public static IReadOnlyList<string> All { get; } = [Direct, Search, Social, Email, Referral];
}
