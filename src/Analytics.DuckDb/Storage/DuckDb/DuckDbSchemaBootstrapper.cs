using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using Analytics.Diagnostics;

namespace Analytics.Storage.DuckDb;

/// <summary>
/// Applies the embedded scripts that the database has not seen yet, each in a transaction with its version row.
/// Refuses a schema newer than this code. One process owns the file, so no cross-process lock is needed.
/// </summary>
internal sealed partial class DuckDbSchemaBootstrapper
{
    private readonly string _schema;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public DuckDbSchemaBootstrapper(string schema, TimeProvider timeProvider, ILogger logger)
    {
        _schema = schema;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Applies the missing scripts to <paramref name="qualifiedSchema"/> (catalog.schema, quoted).</summary>
    public void Apply(DuckDBConnection connection, string qualifiedSchema)
    {
        DuckDbCommands.Execute(connection, DuckDbSchemaScripts.VersionTable(qualifiedSchema), CancellationToken.None);
        var current = Convert.ToInt32(
            DuckDbCommands.Scalar(connection, $"SELECT coalesce(max(version), 0) FROM {qualifiedSchema}.schema_versions", CancellationToken.None),
            System.Globalization.CultureInfo.InvariantCulture);
        if (current > DuckDbSchemaScripts.LatestVersion)
        {
            throw new SchemaVersionException(
                $"The analytics schema {qualifiedSchema} is at version {current}, newer than this code's {DuckDbSchemaScripts.LatestVersion}. " +
                "Upgrade the Analytics packages, or point Analytics:DuckDbPath at another file.");
        }

        foreach (var script in DuckDbSchemaScripts.For(qualifiedSchema).Where(s => s.Version > current))
        {
            using var transaction = connection.BeginTransaction();
            DuckDbCommands.Execute(connection, script.Sql, CancellationToken.None);
            DuckDbCommands.Execute(
                connection,
                $"INSERT INTO {qualifiedSchema}.schema_versions (version, name, applied_at) VALUES ($version, $name, $applied_at)",
                CancellationToken.None,
                ("version", script.Version),
                ("name", script.Name),
                ("applied_at", _timeProvider.GetUtcNow().UtcDateTime));
            transaction.Commit();
            LogScriptApplied(_logger, script.Name, _schema);

            // Folded into the file at once: DuckDB cannot replay an ALTER TABLE ADD COLUMN from its write-ahead log
            // when the table has a column whose default calls a function (the lists' [] of 0004), so a process that
            // ended before its next checkpoint would leave a file that no longer opens.
            DuckDbCommands.Execute(connection, "CHECKPOINT", CancellationToken.None);
        }

        // The appender writes columns by position, so the order matters here.
        var columns = DuckDbCommands.Query(
            connection,
            "SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database() AND table_schema = $schema AND table_name = 'events' ORDER BY ordinal_position",
            reader => reader.GetString(0),
            [("schema", _schema)],
            CancellationToken.None);
        if (EventColumns.Mismatch(columns, orderMatters: true) is { } mismatch)
        {
            throw new SchemaVersionException($"The analytics schema {qualifiedSchema} does not match this code: {mismatch}.");
        }
    }

    /// <summary>True when the events table exists (created here or by the exported script).</summary>
    public bool IsCreated(DuckDBConnection connection) => Convert.ToInt64(
        DuckDbCommands.Scalar(
            connection,
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = $schema AND table_name = 'events'",
            CancellationToken.None,
            ("schema", _schema)),
        System.Globalization.CultureInfo.InvariantCulture) > 0;

    [LoggerMessage(EventId = AnalyticsLogEvents.DuckDbScriptApplied, Level = LogLevel.Information, Message = "Applied analytics DuckDB schema script {Script} to schema {Schema}")]
    private static partial void LogScriptApplied(ILogger logger, string script, string schema);
}
