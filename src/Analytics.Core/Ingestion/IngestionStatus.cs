namespace Analytics.Ingestion;

/// <summary>What happened to events handed to the <see cref="IngestionPipeline"/>.</summary>
public enum IngestionStatus
{
    /// <summary>Every event is committed to the store.</summary>
    Stored,

    /// <summary>Queued; committed later (only with <see cref="AnalyticsOptions.AcknowledgeBeforeCommit"/>).</summary>
    Queued,

    /// <summary>Some events are committed; the store refused the others (see <see cref="IngestionResult.RejectedIndexes"/>).</summary>
    PartiallyStored,

    /// <summary>The store refused every event.</summary>
    Rejected,

    /// <summary>The queue is full; nothing was taken. Retry later.</summary>
    QueueFull,

    /// <summary>The store could not be reached in time, or the service is stopping; nothing was committed for this request.</summary>
    Unavailable,
}
