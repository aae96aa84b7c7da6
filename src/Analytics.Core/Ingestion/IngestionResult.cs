namespace Analytics.Ingestion;

/// <summary>The outcome of one submission to the <see cref="IngestionPipeline"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="RejectedIndexes">Positions, in the submitted list, of the events the store refused.</param>
public sealed record IngestionResult(IngestionStatus Status, IReadOnlyList<int> RejectedIndexes)
{
    internal static IngestionResult Stored { get; } = new(IngestionStatus.Stored, []);

    internal static IngestionResult Queued { get; } = new(IngestionStatus.Queued, []);

    internal static IngestionResult QueueFull { get; } = new(IngestionStatus.QueueFull, []);

    internal static IngestionResult Unavailable { get; } = new(IngestionStatus.Unavailable, []);

    /// <summary>True when a success answer may be given for the events not rejected.</summary>
    public bool IsAcknowledged => Status is IngestionStatus.Stored or IngestionStatus.Queued or IngestionStatus.PartiallyStored;
}
