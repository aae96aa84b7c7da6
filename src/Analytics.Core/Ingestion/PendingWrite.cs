using Analytics.Events;

namespace Analytics.Ingestion;

/// <summary>
/// One submission waiting in the queue. Exactly one side wins it: the writer takes it (and then owns completing it),
/// or the submitter withdraws it after a timeout (and then it is never written).
/// </summary>
internal sealed class PendingWrite
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Withdrawn = 2;

    private readonly TaskCompletionSource<IngestionResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<int>? _rejected; // made only when the store refuses an event (rare), under a lock on _completion
    private int _state;

    public PendingWrite(IReadOnlyList<AnalyticsEvent> events, DateTimeOffset deadline, long estimatedBytes)
    {
        Events = events;
        Deadline = deadline;
        EstimatedBytes = estimatedBytes;
    }

    /// <summary>The events' estimated memory (<see cref="QueuedBytes"/>), counted against the queue's byte bound.</summary>
    public long EstimatedBytes { get; }

    public IReadOnlyList<AnalyticsEvent> Events { get; }

    /// <summary>After this instant the submitter no longer waits; the writer gives up retrying it.</summary>
    public DateTimeOffset Deadline { get; }

    public Task<IngestionResult> Completion => _completion.Task;

    public bool IsCompleted => _completion.Task.IsCompleted;

    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    public bool TryWithdraw() => Interlocked.CompareExchange(ref _state, Withdrawn, Queued) == Queued;

    public void Reject(int index)
    {
        lock (_completion)
        {
            (_rejected ??= []).Add(index);
        }
    }

    /// <summary>How many of the events from <paramref name="start"/> on (<paramref name="count"/> of them) the store refused.</summary>
    public int RejectedCount(int start, int count)
    {
        lock (_completion)
        {
            return _rejected?.Count(i => i >= start && i < start + count) ?? 0;
        }
    }

    /// <summary>Completes after a write attempt has covered every event: stored, partly stored or rejected.</summary>
    public void CompleteWritten()
    {
        int[] rejected;
        lock (_completion)
        {
            rejected = _rejected is null ? [] : [.. _rejected.Order()];
        }

        var status = rejected.Length == 0 ? IngestionStatus.Stored
            : rejected.Length == Events.Count ? IngestionStatus.Rejected
            : IngestionStatus.PartiallyStored;
        _completion.TrySetResult(rejected.Length == 0 ? IngestionResult.Stored : new IngestionResult(status, rejected));
    }

    public void CompleteUnavailable() => _completion.TrySetResult(IngestionResult.Unavailable);
}
