namespace Analytics.Storage;

/// <summary>The store could not be reached or timed out. The operation may succeed when retried later.</summary>
public sealed class EventStoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EventStoreUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public EventStoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the driver's exception.</summary>
    public EventStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
