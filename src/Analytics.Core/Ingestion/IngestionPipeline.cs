using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Analytics.Diagnostics;
using Analytics.Events;
using Analytics.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Analytics.Ingestion;

/// <summary>
/// Group commit: requests put events in a bounded queue, and one writer drains up to
/// <see cref="AnalyticsOptions.WriteBatchSize"/> events into one store write, then completes every waiting request.
/// A success answer is given only after the commit (unless <see cref="AnalyticsOptions.AcknowledgeBeforeCommit"/>).
/// The writer retries an unreachable store with backoff; a batch the store refuses is split until the refused
/// events are isolated, so good events are never taken down with a bad one.
/// </summary>
public sealed partial class IngestionPipeline : IHostedService, IDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    // How long a ping may take before the store counts as unreachable.
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(100);

    private readonly IEventStore _store;
    private readonly AnalyticsOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<IngestionPipeline> _logger;
    private readonly AnalyticsMetrics _metrics;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _abandon = new();
    private readonly CancellationTokenSource _sweeping = new();
    private readonly ConcurrentQueue<PendingWrite> _awaitingDeadline = new();
    private long _queuedEvents;
    private long _queuedBytes;
    private volatile bool _accepting = true;
    private volatile bool _storeReachable = true;
    private Task? _writer;
    private Task? _sweeper;

    /// <summary>Creates the pipeline; it writes once started as a hosted service.</summary>
    public IngestionPipeline(IEventStore store, IOptions<AnalyticsOptions> options, TimeProvider timeProvider, ILogger<IngestionPipeline> logger)
        : this(store, options, timeProvider, logger, new AnalyticsMetrics())
    {
    }

    /// <summary>Creates the pipeline reporting to <paramref name="metrics"/> (the service provider's).</summary>
    internal IngestionPipeline(IEventStore store, IOptions<AnalyticsOptions> options, TimeProvider timeProvider, ILogger<IngestionPipeline> logger, AnalyticsMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        _store = store;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _metrics = metrics;
        metrics.ObserveQueue(() => QueuedEvents);
    }

    /// <summary>Events waiting for the writer.</summary>
    public long QueuedEvents => Interlocked.Read(ref _queuedEvents);

    /// <summary>The estimated memory of the events waiting for the writer (<see cref="AnalyticsOptions.MaxQueuedBytes"/>).</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>False while the writer's last attempt found the store unreachable.</summary>
    public bool IsStoreReachable => _storeReachable;

    /// <summary>
    /// Queues <paramref name="events"/> and, unless acknowledging before commit, waits until they are committed,
    /// refused, or <see cref="AnalyticsOptions.AcknowledgementTimeout"/> passes (then
    /// <see cref="IngestionStatus.Unavailable"/>, within a tenth of a second). Never throws for store failures.
    /// </summary>
    public async Task<IngestionResult> SubmitAsync(IReadOnlyList<AnalyticsEvent> events, CancellationToken cancellationToken)
    {
        var result = await QueueAsync(events, cancellationToken);
        switch (result.Status)
        {
            case IngestionStatus.QueueFull:
                _metrics.Rejected("queue_full", events.Count);
                break;
            case IngestionStatus.Unavailable:
                _metrics.Rejected("unavailable", events.Count);
                break;
            case IngestionStatus.Rejected or IngestionStatus.PartiallyStored:
                _metrics.Rejected("refused_by_store", result.RejectedIndexes.Count);
                break;
        }

        return result;
    }

    private async Task<IngestionResult> QueueAsync(IReadOnlyList<AnalyticsEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        cancellationToken.ThrowIfCancellationRequested();
        if (events.Count == 0)
        {
            return IngestionResult.Stored;
        }

        if (!_accepting)
        {
            return IngestionResult.Unavailable;
        }

        if (Interlocked.Add(ref _queuedEvents, events.Count) > _options.MaxQueuedEvents)
        {
            Interlocked.Add(ref _queuedEvents, -events.Count);
            return IngestionResult.QueueFull;
        }

        // Bounded in bytes too: events of the largest size would otherwise hold hundreds of megabytes while the store
        // is slow. A submission larger than the bound on its own still gets into an empty queue.
        var bytes = Ingestion.QueuedBytes.Of(events);
        var queuedBytes = Interlocked.Add(ref _queuedBytes, bytes);
        if (queuedBytes > _options.MaxQueuedBytes && queuedBytes != bytes)
        {
            Interlocked.Add(ref _queuedBytes, -bytes);
            Interlocked.Add(ref _queuedEvents, -events.Count);
            return IngestionResult.QueueFull;
        }

        _metrics.Received(events.Count);
        var pending = new PendingWrite(events, _timeProvider.GetUtcNow() + _options.AcknowledgementTimeout, bytes);
        if (!_options.AcknowledgeBeforeCommit)
        {
            _awaitingDeadline.Enqueue(pending);
        }

        if (!_queue.Writer.TryWrite(pending))
        {
            // Stopping: withdrawn, so the deadline sweep does not count these events out a second time.
            pending.TryWithdraw();
            Release(pending);
            return IngestionResult.Unavailable;
        }

        // No timer per request: the deadline sweep withdraws what the writer has not taken in time, and the writer
        // gives up retrying what it has. A client that disconnects does not withdraw its events.
        return _options.AcknowledgeBeforeCommit ? IngestionResult.Queued : await pending.Completion;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writer = Task.Run(WriteLoopAsync, CancellationToken.None);
        _sweeper = Task.Run(SweepDeadlinesAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops taking events and writes everything queued. Requests still waiting are answered when their events are
    /// committed; if <paramref name="cancellationToken"/> (the host's shutdown timeout) fires first, they get
    /// <see cref="IngestionStatus.Unavailable"/>.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _accepting = false;
        _queue.Writer.TryComplete();
        if (_writer is null)
        {
            return;
        }

        try
        {
            await _writer.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await _abandon.CancelAsync();
            await _writer;
        }

        await _sweeping.CancelAsync();
        await _sweeper!;
        LogStopped(_logger, QueuedEvents);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Cancels rather than disposes, as BackgroundService and <see cref="Hosting.AnalyticsStoreLifetime"/> do: a host
    /// (WebApplicationFactory's, for one) may call <see cref="StopAsync"/> again after disposing its services.
    /// </remarks>
    public void Dispose()
    {
        _abandon.Cancel();
        _sweeping.Cancel();
    }

    /// <summary>
    /// Every tenth of a second, answers <see cref="IngestionStatus.Unavailable"/> to submissions still queued past
    /// their deadline. Deadlines grow in arrival order (one timeout for all), so only the head of the line is looked at.
    /// </summary>
    private async Task SweepDeadlinesAsync()
    {
        using var timer = new PeriodicTimer(SweepInterval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(_sweeping.Token))
            {
                var now = _timeProvider.GetUtcNow();
                while (_awaitingDeadline.TryPeek(out var pending) && (pending.IsCompleted || pending.Deadline <= now))
                {
                    _awaitingDeadline.TryDequeue(out _);
                    if (pending.TryWithdraw())
                    {
                        Release(pending);
                        pending.CompleteUnavailable();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the writer has answered everything it took.
        }

        while (_awaitingDeadline.TryDequeue(out var pending))
        {
            if (pending.TryWithdraw())
            {
                pending.CompleteUnavailable();
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        // One reader gathers batches; up to MaxConcurrentWrites of them commit at once, so the database works on one
        // batch while the next is gathered and another waits for its commit to reach the disk.
        using var slots = new SemaphoreSlim(_options.MaxConcurrentWrites);
        var writes = new List<Task>();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            await slots.WaitAsync(CancellationToken.None);
            var batch = new List<PendingWrite>();
            var events = Gather(reader, batch, 0);
            if (events < _options.WriteBatchSize && _options.WriteBatchDelay > TimeSpan.Zero)
            {
                await Task.Delay(_options.WriteBatchDelay, _timeProvider);
                Gather(reader, batch, events);
            }

            if (batch.Count == 0)
            {
                slots.Release();
                continue;
            }

            writes.RemoveAll(w => w.IsCompleted);
            writes.Add(Task.Run(async () =>
            {
                try
                {
                    await WriteAsync(batch);
                }
                finally
                {
                    slots.Release();
                }
            }));
        }

        await Task.WhenAll(writes);
    }

    private int Gather(ChannelReader<PendingWrite> reader, List<PendingWrite> batch, int events)
    {
        while (events < _options.WriteBatchSize && reader.TryRead(out var pending))
        {
            if (pending.TryTake())
            {
                Release(pending);
                batch.Add(pending);
                events += pending.Events.Count;
            }
        }

        return events;
    }

    // A submission leaves the queue's bounds once the writer takes it or it is withdrawn.
    private void Release(PendingWrite pending)
    {
        Interlocked.Add(ref _queuedEvents, -pending.Events.Count);
        Interlocked.Add(ref _queuedBytes, -pending.EstimatedBytes);
    }

    private async Task WriteAsync(List<PendingWrite> batch)
    {
        var slices = batch.Select(p => new Slice(p, 0, p.Events.Count)).ToList();
        var delay = TimeSpan.FromMilliseconds(100);
        var written = false;
        var retry = false;
        while (slices.Count > 0)
        {
            var events = slices.Sum(s => s.Count);
            using var activity = AnalyticsMetrics.StartWrite(events);
            var started = Stopwatch.GetTimestamp();
            try
            {
                await WriteOrIsolateAsync(slices, retry);
                _metrics.Write(events, Stopwatch.GetElapsedTime(started), committed: true);
                _metrics.Stored(events - slices.Sum(s => s.Write.RejectedCount(s.Start, s.Count)));
                _storeReachable = true;
                written = true;
                break;
            }
            catch (EventStoreUnavailableException ex)
            {
                _metrics.Write(events, Stopwatch.GetElapsedTime(started), committed: false);
                activity?.SetStatus(ActivityStatusCode.Error, "store unavailable");
                _storeReachable = false;
                LogStoreUnavailable(_logger, slices.Sum(s => s.Count), delay.TotalMilliseconds, ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Not known to be about the events' content: never refuse events for it; retry as for an outage.
                _metrics.Write(events, Stopwatch.GetElapsedTime(started), committed: false);
                activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
                _storeReachable = false;
                LogWriteFailed(_logger, ex.GetType().Name, slices.Sum(s => s.Count), delay.TotalMilliseconds);
            }

            // Requests past their deadline have answered 503 already or are about to: stop retrying them.
            var now = _timeProvider.GetUtcNow();
            foreach (var expired in slices.Where(s => s.Write.Deadline <= now && !_options.AcknowledgeBeforeCommit))
            {
                expired.Write.CompleteUnavailable();
            }

            slices.RemoveAll(s => s.Write.IsCompleted);
            if (slices.Count == 0)
            {
                break;
            }

            try
            {
                await Task.Delay(delay, _timeProvider, _abandon.Token);
            }
            catch (OperationCanceledException)
            {
                LogAbandoned(_logger, slices.Sum(s => s.Count));
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxBackoff.Ticks));
            retry = true;
        }

        // Requests completed above (expired) keep their answer; TrySetResult ignores a second one.
        foreach (var pending in batch)
        {
            if (written)
            {
                pending.CompleteWritten();
            }
            else
            {
                pending.CompleteUnavailable();
            }
        }
    }

    /// <summary>
    /// Writes the slices as one batch. When the store refuses the batch for its content
    /// (<see cref="EventRejectedException"/>), halves it and writes each half, down to single events, which are then
    /// marked rejected. A failure of any other kind on a retry is taken for the events' content too when the store
    /// still answers a ping: a retry cannot fix it, and the events must not hold a write slot (and every other
    /// client's events behind it) beyond that one retry. Otherwise the failure propagates, and the whole batch is
    /// retried. A retry may follow a commit whose answer was lost (the connection dropped after COMMIT), so on a retry
    /// no id counts as new: the store looks every id up and stores each event once.
    /// </summary>
    private async Task WriteOrIsolateAsync(List<Slice> slices, bool retry)
    {
        Exception refused;
        try
        {
            var events = slices.SelectMany(s => s.Events());
            if (retry)
            {
                events = events.Select(e => e.IdAssignedByServer ? e with { IdAssignedByServer = false } : e);
            }

            await _store.AppendAsync(events.ToList(), CancellationToken.None);
            return;
        }
        catch (EventRejectedException ex)
        {
            refused = ex;
        }
        catch (Exception ex) when (retry && ex is not (OperationCanceledException or EventStoreUnavailableException))
        {
            if (!await StoreAnswersAsync())
            {
                throw;
            }

            refused = ex;
        }

        if (slices.Count == 1 && slices[0].Count == 1)
        {
            slices[0].Write.Reject(slices[0].Start);
            LogEventRejected(_logger, refused.GetType().Name);
            return;
        }

        var halves = slices.Count > 1
            ? (slices[..(slices.Count / 2)], slices[(slices.Count / 2)..])
            : ([slices[0] with { Count = slices[0].Count / 2 }], [slices[0] with { Start = slices[0].Start + (slices[0].Count / 2), Count = slices[0].Count - (slices[0].Count / 2) }]);
        await WriteOrIsolateAsync(halves.Item1, retry);
        await WriteOrIsolateAsync(halves.Item2, retry);
    }

    // Whether the store is reachable now: the question that tells a bad event from an outage.
    private async Task<bool> StoreAnswersAsync()
    {
        using var timeout = new CancellationTokenSource(PingTimeout);
        try
        {
            await _store.PingAsync(timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }
    }

    /// <summary>A contiguous range of one submission's events.</summary>
    private sealed record Slice(PendingWrite Write, int Start, int Count)
    {
        public IEnumerable<AnalyticsEvent> Events()
        {
            for (var i = Start; i < Start + Count; i++)
            {
                yield return Write.Events[i];
            }
        }
    }

    [LoggerMessage(EventId = AnalyticsLogEvents.StoreUnreachable, Level = LogLevel.Warning, Message = "Event store unreachable; {Events} events wait, retrying in {DelayMs} ms: {Reason}")]
    private static partial void LogStoreUnavailable(ILogger logger, int events, double delayMs, string reason);

    [LoggerMessage(EventId = AnalyticsLogEvents.EventRejected, Level = LogLevel.Error, Message = "The event store refused an event ({ExceptionType}); it was reported to the client as rejected")]
    private static partial void LogEventRejected(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = AnalyticsLogEvents.WriteFailed, Level = LogLevel.Error, Message = "Writing events failed ({ExceptionType}); {Events} events wait, retrying in {DelayMs} ms")]
    private static partial void LogWriteFailed(ILogger logger, string exceptionType, int events, double delayMs);

    [LoggerMessage(EventId = AnalyticsLogEvents.WritesAbandoned, Level = LogLevel.Error, Message = "Shutdown timeout reached with {Events} events unwritten; their requests were answered 503")]
    private static partial void LogAbandoned(ILogger logger, int events);

    [LoggerMessage(EventId = AnalyticsLogEvents.IngestionStopped, Level = LogLevel.Information, Message = "Ingestion stopped; {Events} events left in the queue")]
    private static partial void LogStopped(ILogger logger, long events);
}
