using System.Diagnostics.CodeAnalysis;

namespace Analytics.Storage;

/// <summary>
/// Bounds the stats queries a store runs at once. A heavy query holds a database connection (PostgreSQL) or a
/// thread (DuckDB runs statements synchronously) for as long as it runs, so without a bound a burst of dashboard
/// reads could take the connection pool from the writer or the thread pool from every request. Past
/// <see cref="AnalyticsOptions.MaxConcurrentQueries"/>, queries wait in line for at most
/// <see cref="AnalyticsOptions.QueryQueueTimeout"/>, and at most <see cref="AnalyticsOptions.MaxQueuedQueries"/> of
/// them; beyond that they are refused with <see cref="QueryCapacityExceededException"/> (503 with Retry-After).
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "A SemaphoreSlim needs disposing only once its AvailableWaitHandle was used, which this gate never does; the stores that own it live as long as the app.")]
internal sealed class QueryGate
{
    private readonly SemaphoreSlim _slots;
    private readonly int _maxWaiting;
    private readonly TimeSpan _wait;
    private int _waiting;

    public QueryGate(int maxConcurrent, int maxWaiting, TimeSpan wait)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxWaiting);
        _slots = new SemaphoreSlim(maxConcurrent, maxConcurrent);
        MaxConcurrent = maxConcurrent;
        _maxWaiting = maxWaiting;
        _wait = wait;
    }

    /// <summary>Creates the gate the options describe.</summary>
    public static QueryGate From(AnalyticsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new QueryGate(options.MaxConcurrentQueries, options.MaxQueuedQueries, options.QueryQueueTimeout);
    }

    /// <summary>Queries running now.</summary>
    public int Running => MaxConcurrent - _slots.CurrentCount;

    /// <summary>The most queries that run at once.</summary>
    public int MaxConcurrent { get; }

    /// <summary>Takes a slot, waiting in line when all are taken; dispose the result to give it back.</summary>
    /// <exception cref="QueryCapacityExceededException">No slot came free in time, or the line was full.</exception>
    public async ValueTask<Slot> EnterAsync(CancellationToken cancellationToken)
    {
        if (_slots.Wait(0, CancellationToken.None))
        {
            return new Slot(_slots);
        }

        if (Interlocked.Increment(ref _waiting) > _maxWaiting)
        {
            Interlocked.Decrement(ref _waiting);
            throw new QueryCapacityExceededException(
                $"Too many queries are running and waiting (Analytics:MaxConcurrentQueries and Analytics:MaxQueuedQueries); retry shortly.");
        }

        try
        {
            if (!await _slots.WaitAsync(_wait, cancellationToken))
            {
                throw new QueryCapacityExceededException(
                    $"No query slot came free within Analytics:QueryQueueTimeout ({_wait}); retry shortly.");
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        return new Slot(_slots);
    }

    /// <summary>A slot taken; disposing it gives it back, once.</summary>
    public sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private SemaphoreSlim? _slots = slots;

        /// <inheritdoc />
        public void Dispose() => Interlocked.Exchange(ref _slots, null)?.Release();
    }
}
