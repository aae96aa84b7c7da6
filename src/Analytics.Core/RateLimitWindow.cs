namespace Analytics;

/// <summary>A fixed-window rate limit: at most <see cref="PermitLimit"/> requests per <see cref="Window"/> and client.</summary>
public sealed class RateLimitWindow
{
    /// <summary>The requests allowed in one window; past it, 429 with <c>Retry-After</c> until the window ends.</summary>
    public int PermitLimit { get; set; }

    /// <summary>The window's length.</summary>
    public TimeSpan Window { get; set; }
}
