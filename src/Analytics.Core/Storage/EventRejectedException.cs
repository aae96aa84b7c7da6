namespace Analytics.Storage;

/// <summary>
/// The store refused the events for their content (a constraint or a value it cannot hold), not for being
/// unreachable. Retrying the same events fails the same way.
/// </summary>
public sealed class EventRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EventRejectedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public EventRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the driver's exception.</summary>
    public EventRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
