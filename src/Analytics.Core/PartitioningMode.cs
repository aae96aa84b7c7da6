namespace Analytics;

/// <summary>How the PostgreSQL events table is split by time.</summary>
public enum PartitioningMode
{
    /// <summary>A TimescaleDB hypertable when the extension exists or can be created; native partitions otherwise.</summary>
    Auto,

    /// <summary>A TimescaleDB hypertable; startup fails when the extension cannot be created.</summary>
    TimescaleDb,

    /// <summary>Native PostgreSQL range partitions, one per UTC day, kept by the maintenance service.</summary>
    Native,
}
