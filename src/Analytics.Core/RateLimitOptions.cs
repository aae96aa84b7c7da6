namespace Analytics;

/// <summary>The request rate limits of the HTTP surfaces (<c>Analytics:RateLimits</c>).</summary>
public sealed class RateLimitOptions
{
    /// <summary>
    /// Ingestion, per client address (per key for requests with an ingest key): 6,000 requests a minute by default, far
    /// above a browser's few events a minute even behind a shared (NAT) address.
    /// </summary>
    public RateLimitWindow Ingest { get; } = new() { PermitLimit = 6000, Window = TimeSpan.FromMinutes(1) };

    /// <summary>
    /// Reads, per key (per client address when anonymous reads are allowed, per user under the host's authorization):
    /// 1,200 requests a minute by default, well above a dashboard's dozen queries per view.
    /// </summary>
    public RateLimitWindow Read { get; } = new() { PermitLimit = 1200, Window = TimeSpan.FromMinutes(1) };
}
