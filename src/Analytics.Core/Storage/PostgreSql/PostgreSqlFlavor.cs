namespace Analytics.Storage.PostgreSql;

/// <summary>Which time-partitioning the events table was created with. Fixed when the schema is first created.</summary>
internal enum PostgreSqlFlavor
{
    /// <summary>Native range partitions by UTC day.</summary>
    Native,

    /// <summary>A TimescaleDB hypertable.</summary>
    TimescaleDb,
}
