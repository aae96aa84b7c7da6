using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using Analytics.Diagnostics;

namespace Analytics.Storage.PostgreSql;

/// <summary>
/// Applies the embedded scripts that the database has not seen yet, under a session advisory lock so that several
/// instances starting together apply each script once. Refuses a schema newer than this code.
/// </summary>
internal sealed partial class PostgreSqlSchemaBootstrapper
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly string _quotedSchema;
    private readonly PartitioningMode _mode;
    private readonly ILogger _logger;

    public PostgreSqlSchemaBootstrapper(NpgsqlDataSource dataSource, string schema, PartitioningMode mode, ILogger logger)
    {
        _dataSource = dataSource;
        _schema = schema;
        _quotedSchema = SqlIdentifier.Quote(schema);
        _mode = mode;
        _logger = logger;
    }

    public async Task<PostgreSqlFlavor> ApplyAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var key = AdvisoryLockKey.For("schema", _schema);
        // Waits while another instance applies an upgrade, however long that takes.
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key }, commandTimeout: 0, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(PostgreSqlSchemaScripts.VersionTable(_quotedSchema), cancellationToken: cancellationToken));
            var applied = (await connection.QueryAsync<(int Version, string Flavor)>(new CommandDefinition(
                $"SELECT version, flavor FROM {_quotedSchema}.schema_versions ORDER BY version",
                cancellationToken: cancellationToken))).ToList();
            var current = applied.Count == 0 ? 0 : applied[^1].Version;
            if (current > PostgreSqlSchemaScripts.LatestVersion)
            {
                throw new SchemaVersionException(
                    $"The analytics schema {_quotedSchema} is at version {current}, newer than this code's {PostgreSqlSchemaScripts.LatestVersion}. " +
                    "Upgrade the Analytics package, or point Analytics:Schema at another schema.");
            }

            var flavor = applied.Count > 0
                ? Enum.Parse<PostgreSqlFlavor>(applied[0].Flavor)
                : await ChooseFlavorAsync(connection, cancellationToken);

            foreach (var script in PostgreSqlSchemaScripts.For(flavor, _quotedSchema).Where(s => s.Version > current))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                // No timeout: an upgrade that builds an index over a large table may take minutes, and cutting it off
                // would roll it back and fail every start. The startup's cancellation still stops it.
                await connection.ExecuteAsync(new CommandDefinition(script.Sql, transaction: transaction, commandTimeout: 0, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    $"INSERT INTO {_quotedSchema}.schema_versions (version, flavor, name) VALUES (@Version, @Flavor, @Name)",
                    new { script.Version, Flavor = flavor.ToString(), script.Name },
                    transaction,
                    cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                LogScriptApplied(_logger, script.Name, _schema);
            }

            var columns = (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = @schema AND table_name = 'events' ORDER BY ordinal_position",
                new { schema = _schema },
                cancellationToken: cancellationToken))).ToList();
            if (EventColumns.Mismatch(columns, orderMatters: false) is { } mismatch)
            {
                throw new SchemaVersionException($"The analytics schema {_quotedSchema} does not match this code: {mismatch}.");
            }

            if (flavor == PostgreSqlFlavor.TimescaleDb)
            {
                // The policy follows the configured retention on every start; TimescaleDB runs it in the background.
                await connection.ExecuteAsync(new CommandDefinition(
                    "SELECT remove_retention_policy(@table::regclass, if_exists => TRUE); SELECT add_retention_policy(@table::regclass, drop_after => @retention);",
                    new { table = _quotedSchema + ".events", retention },
                    cancellationToken: cancellationToken));
            }

            return flavor;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key }, cancellationToken: CancellationToken.None));
        }
    }

    /// <summary>Reads the flavor a schema was created with, or null when it has not been created.</summary>
    public async Task<PostgreSqlFlavor?> ReadFlavorAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT to_regclass(@table) IS NOT NULL",
            new { table = _quotedSchema + ".schema_versions" },
            cancellationToken: cancellationToken));
        if (!exists)
        {
            return null;
        }

        var flavor = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            $"SELECT flavor FROM {_quotedSchema}.schema_versions ORDER BY version LIMIT 1",
            cancellationToken: cancellationToken));
        return flavor is null ? null : Enum.Parse<PostgreSqlFlavor>(flavor);
    }

    private async Task<PostgreSqlFlavor> ChooseFlavorAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (_mode == PartitioningMode.Native)
        {
            return PostgreSqlFlavor.Native;
        }

        var available = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')",
            cancellationToken: cancellationToken));
        if (available)
        {
            try
            {
                await connection.ExecuteAsync(new CommandDefinition("CREATE EXTENSION IF NOT EXISTS timescaledb", cancellationToken: cancellationToken));
                LogFlavorChosen(_logger, "a TimescaleDB hypertable", _schema);
                return PostgreSqlFlavor.TimescaleDb;
            }
            catch (PostgresException ex) when (_mode == PartitioningMode.Auto)
            {
                LogTimescaleUnusable(_logger, ex.SqlState, ex.MessageText);
            }
        }

        if (_mode == PartitioningMode.TimescaleDb)
        {
            throw new InvalidOperationException(
                "Analytics:Partitioning is TimescaleDb but the timescaledb extension cannot be created in this database. " +
                "Install TimescaleDB (and add it to shared_preload_libraries), or set Analytics:Partitioning to Auto or Native.");
        }

        LogFlavorChosen(_logger, "native daily partitions", _schema);
        return PostgreSqlFlavor.Native;
    }

    [LoggerMessage(EventId = AnalyticsLogEvents.PostgreSqlScriptApplied, Level = LogLevel.Information, Message = "Applied analytics schema script {Script} to schema {Schema}")]
    private static partial void LogScriptApplied(ILogger logger, string script, string schema);

    [LoggerMessage(EventId = AnalyticsLogEvents.PostgreSqlFlavorChosen, Level = LogLevel.Information, Message = "Analytics events are stored in {Flavor} in schema {Schema}")]
    private static partial void LogFlavorChosen(ILogger logger, string flavor, string schema);

    [LoggerMessage(EventId = AnalyticsLogEvents.TimescaleDbUnusable, Level = LogLevel.Warning, Message = "The timescaledb extension is available but cannot be created ({SqlState}: {Reason}); using native partitions")]
    private static partial void LogTimescaleUnusable(ILogger logger, string sqlState, string reason);
}
