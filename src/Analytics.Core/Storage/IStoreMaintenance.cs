namespace Analytics.Storage;

/// <summary>The store's schema, health and housekeeping.</summary>
public interface IStoreMaintenance
{
    /// <summary>A short name for logs and health output, for example "PostgreSQL (native partitions)".</summary>
    string Description { get; }

    /// <summary>Creates or upgrades the schema. Safe to call from several instances at once.</summary>
    /// <exception cref="SchemaVersionException">The stored schema is newer than this code.</exception>
    Task EnsureSchemaAsync(CancellationToken cancellationToken);

    /// <summary>The DDL this store would apply, for a DBA to review and run by hand.</summary>
    string ExportSchemaScript();

    /// <summary>
    /// Creates partitions ahead of time, removes data older than the retention, and deletes visitor salts of days
    /// before yesterday (UTC), so that no visitor hash can be recomputed once its day is over.
    /// </summary>
    Task RunMaintenanceAsync(CancellationToken cancellationToken);

    /// <summary>Throws when the store does not answer.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
