namespace Analytics.Storage;

/// <summary>
/// Too many stats queries are running: the query waited <see cref="AnalyticsOptions.QueryQueueTimeout"/> for one of
/// the <see cref="AnalyticsOptions.MaxConcurrentQueries"/> slots, or the queue of waiting queries was full. Nothing is
/// wrong with the query or the store; it may succeed when retried a little later.
/// </summary>
public sealed class QueryCapacityExceededException : Exception
{
    /// <summary>Creates the exception.</summary>
    public QueryCapacityExceededException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public QueryCapacityExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public QueryCapacityExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
