using System.Threading.RateLimiting;

namespace Analytics.AspNetCore.Access;

/// <summary>
/// A fixed window per partition (a client address, a key, a user), from <c>System.Threading.RateLimiting</c>, the
/// limiters ASP.NET Core's rate-limiting middleware uses. Applied by the surfaces' endpoint filters, so the limits hold
/// whether or not the host calls <c>UseRateLimiter</c>. Partitions idle for a window are dropped by the limiter.
/// </summary>
internal sealed class SurfaceRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public SurfaceRateLimiter(RateLimitWindow limit)
    {
        var options = new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        Window = limit.Window;
        _limiter = PartitionedRateLimiter.Create<string, string>(partition => RateLimitPartition.GetFixedWindowLimiter(partition, _ => options));
    }

    /// <summary>The window's length, the longest a refused client waits.</summary>
    public TimeSpan Window { get; }

    /// <summary>Takes one request's permit from <paramref name="partition"/>; false with the time until the window ends when there is none.</summary>
    public bool TryAcquire(string partition, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(partition);
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Window;
        return false;
    }

    public void Dispose() => _limiter.Dispose();
}
