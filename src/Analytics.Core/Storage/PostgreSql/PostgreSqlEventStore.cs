using System.Net.Sockets;
using Analytics.ApiKeys;
using Analytics.Enrichment;
using Analytics.Events;
using Analytics.Querying;
using Analytics.Querying.Stats;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Analytics.Diagnostics;

namespace Analytics.Storage.PostgreSql;

/// <summary>
/// The PostgreSQL store: binary COPY for appends, Dapper for reads, a TimescaleDB hypertable where the extension
/// exists and native daily partitions otherwise.
/// </summary>
public sealed partial class PostgreSqlEventStore : IEventStore
{
    private const int CommandTimeoutSeconds = 30;

    /// <summary>From this many events, COPY through a staging table beats the array INSERT (measured, BENCHMARKS.md).</summary>
    private const int CopyThreshold = 1000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly AnalyticsOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _quotedSchema;
    private readonly TimeZoneInfo _timeZone;
    private readonly PostgreSqlSchemaBootstrapper _bootstrapper;
    private readonly PostgreSqlPartitionMaintainer _maintainer;
    private readonly QueryLanes _queries;
    private static readonly string Columns = PostgreSqlEventColumns.List();

    private readonly string _copyCommand;
    private readonly string _directCopyCommand;
    private readonly string _idsCopyCommand;
    private readonly string _insertCommand;
    private readonly string _stagingCommand;
    private readonly string _arrayInsertCommand;
    private readonly string _selectByIdCommand;
    private readonly string _location;
    private PostgreSqlFlavor? _flavor;

    /// <summary>Creates the store on <paramref name="dataSource"/>, which the caller owns.</summary>
    public PostgreSqlEventStore(NpgsqlDataSource dataSource, AnalyticsOptions options, TimeProvider? timeProvider = null, ILogger<PostgreSqlEventStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        _dataSource = dataSource;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _quotedSchema = SqlIdentifier.Quote(options.Schema);
        _location = Location(dataSource, _quotedSchema);
        _timeZone = ReportingTimeZone.Resolve(options.TimeZone).Zone;
        _bootstrapper = new PostgreSqlSchemaBootstrapper(dataSource, options.Schema, options.Partitioning, _logger);
        _maintainer = new PostgreSqlPartitionMaintainer(options.Schema, _logger);
        _queries = new QueryLanes(options);
        _copyCommand = $"COPY pg_temp.incoming ({Columns}) FROM STDIN (FORMAT BINARY)";
        _directCopyCommand = $"COPY {_quotedSchema}.events ({Columns}) FROM STDIN (FORMAT BINARY)";
        _idsCopyCommand = $"COPY {_quotedSchema}.event_ids ({PostgreSqlEventColumns.List(PostgreSqlEventColumns.Identity)}) FROM STDIN (FORMAT BINARY)";
        _insertCommand = $"""
            WITH fresh AS (
                INSERT INTO {_quotedSchema}.event_ids (id, time)
                SELECT id, time FROM pg_temp.incoming
                ON CONFLICT DO NOTHING
                RETURNING id)
            INSERT INTO {_quotedSchema}.events ({Columns})
            SELECT DISTINCT ON (i.id) {PostgreSqlEventColumns.List("i.")}
            FROM pg_temp.incoming i JOIN fresh USING (id)
            """;
        _selectByIdCommand = $"SELECT {Columns} FROM {_quotedSchema}.events WHERE id = $1 LIMIT 1";
        _stagingCommand = $"CREATE TEMP TABLE incoming (LIKE {_quotedSchema}.events) ON COMMIT DROP";
        _arrayInsertCommand = $"""
            WITH incoming AS (
                SELECT * FROM unnest({PostgreSqlEventColumns.Positions()}) AS t({Columns})),
            fresh AS (
                INSERT INTO {_quotedSchema}.event_ids (id, time)
                SELECT id, time FROM incoming
                ON CONFLICT DO NOTHING
                RETURNING id)
            INSERT INTO {_quotedSchema}.events ({Columns})
            SELECT DISTINCT ON (i.id) {string.Join(", ", EventColumns.All.Select(c => c.Type == EventColumnType.TextArray
                ? $"ARRAY(SELECT v FROM json_array_elements_text(i.{c.Name}::json) WITH ORDINALITY AS a(v, n) ORDER BY n)"
                : "i." + c.Name))}
            FROM incoming i JOIN fresh USING (id)
            """;
    }

    /// <inheritdoc />
    /// <remarks>Names the server, database and schema, never the user or password: <c>PostgreSQL (native daily partitions) at db:5432, database analytics, schema "analytics"</c>.</remarks>
    public string Description => (_flavor switch
    {
        PostgreSqlFlavor.TimescaleDb => "PostgreSQL (TimescaleDB hypertable)",
        PostgreSqlFlavor.Native => "PostgreSQL (native daily partitions)",
        _ => "PostgreSQL",
    }) + _location;

    // The data source's connection string has no password unless Persist Security Info is set; only these three are read.
    private static string Location(NpgsqlDataSource dataSource, string quotedSchema)
    {
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        return $" at {builder.Host}:{builder.Port}, database {builder.Database ?? builder.Username}, schema {quotedSchema}";
    }

    /// <inheritdoc />
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        _flavor = await Guard(() => _bootstrapper.ApplyAsync(_options.Retention, cancellationToken));
    }

    /// <inheritdoc />
    public string ExportSchemaScript() => PostgreSqlSchemaScripts.Export(
        _options.Partitioning == PartitioningMode.TimescaleDb ? PostgreSqlFlavor.TimescaleDb : PostgreSqlFlavor.Native,
        _quotedSchema,
        _options.Retention);

    /// <inheritdoc />
    public Task AppendAsync(IReadOnlyList<AnalyticsEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        return events.Count == 0 ? Task.CompletedTask : Guard(() => CopyAsync(events, cancellationToken));
    }

    /// <inheritdoc />
    public Task<AnalyticsEvent?> GetAsync(Guid id, CancellationToken cancellationToken) => Guard(async () =>
    {
        await using var command = _dataSource.CreateCommand(_selectByIdCommand);
        command.CommandTimeout = CommandTimeoutSeconds;
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? EventColumns.Read(reader.GetValue) : null;
    });

    /// <inheritdoc />
    public async Task<IReadOnlyList<AggregateRow>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var result = await QueryStatsAsync(AggregateStats.ToStatsQuery(query, _timeZone), cancellationToken);
        return [.. result.Rows.Select(row => AggregateStats.ToRow(row, query))];
    }

    /// <inheritdoc />
    public async Task<StatsResult> QueryStatsAsync(StatsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            return await QueryStatsGuardedAsync(query, cancellationToken);
        }
        catch (EventRejectedException ex)
        {
            // A data exception on a read is the query's own values: a pattern PostgreSQL cannot compile, say.
            throw new ArgumentException($"PostgreSQL refused the query: {ex.InnerException?.Message}", nameof(query), ex);
        }
    }

    private async Task<StatsResult> QueryStatsGuardedAsync(StatsQuery query, CancellationToken cancellationToken)
    {
        var sql = StatsSql.Build(query, new PostgreSqlStatsDialect(_quotedSchema, ReportingTimeZone.IsUtc(query.TimeZone)));
        using var slot = await _queries.EnterAsync(query, cancellationToken);
        return await Guard(async () =>
        {
            // The server enforces the timeout itself (statement_timeout, local to this transaction), so a query whose
            // client is gone still stops; the command timeout, a little later, is the backstop for a lost cancel.
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                Timeout = (int)Math.Ceiling(_options.QueryTimeout.TotalSeconds) + 5,
            };
            var limit = new NpgsqlBatchCommand("SELECT set_config('statement_timeout', $1, true)");
            limit.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ((long)Math.Ceiling(_options.QueryTimeout.TotalMilliseconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) });
            batch.BatchCommands.Add(limit);
            var select = new NpgsqlBatchCommand(sql.Text);
            select.Parameters.AddWithValue(PostgreSqlStatsDialect.TimeZoneParameter, ReportingTimeZone.Iana(query.TimeZone).Id);
            foreach (var (name, value) in sql.Parameters)
            {
                select.Parameters.AddWithValue(name, value);
            }

            batch.BatchCommands.Add(select);
            var rows = new List<StatsRow>();
            long total = 0;
            try
            {
                await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
                {
                    await reader.NextResultAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        if (sql.ReadRow(reader.GetValue, reader.FieldCount, out total) is { } row)
                        {
                            rows.Add(row);
                        }
                    }
                }

                await transaction.CommitAsync(cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested
                && ex is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } or NpgsqlException { InnerException: TimeoutException })
            {
                // Not an outage: this query alone ran past its time. 503 all the same, so the client retries later.
                LogQueryTimedOut(_logger, _options.QueryTimeout);
                throw new EventStoreUnavailableException($"The stats query ran longer than Analytics:QueryTimeout ({_options.QueryTimeout}).", ex);
            }

            return new StatsResult(rows, total);
        });
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<DateOnly, byte[]>> GetVisitorSaltsAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            var days = VisitorSaltDays.Creatable(first, last, _timeProvider.GetUtcNow());
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using (var insert = new NpgsqlCommand(
                $"INSERT INTO {_quotedSchema}.visitor_salts (day, salt) SELECT * FROM unnest($1, $2) ON CONFLICT (day) DO NOTHING",
                connection))
            {
                insert.CommandTimeout = CommandTimeoutSeconds;
                insert.Parameters.Add(new NpgsqlParameter<DateOnly[]> { TypedValue = days, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date });
                insert.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = VisitorSaltDays.NewSalts(days.Length), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            var salts = new Dictionary<DateOnly, byte[]>(days.Length);
            await using var select = new NpgsqlCommand($"SELECT day, salt FROM {_quotedSchema}.visitor_salts WHERE day BETWEEN $1 AND $2", connection);
            select.CommandTimeout = CommandTimeoutSeconds;
            select.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = first });
            select.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = last });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                salts[reader.GetFieldValue<DateOnly>(0)] = reader.GetFieldValue<byte[]>(1);
            }

            return (IReadOnlyDictionary<DateOnly, byte[]>)salts;
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<VisitorSession>> GetRecentSessionsAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            var rows = await connection.QueryAsync<(long VisitorId, string SessionId, DateTime Time)>(new CommandDefinition(
                $"""
                SELECT DISTINCT ON (visitor_id) visitor_id, session_id, time FROM {_quotedSchema}.events
                WHERE time >= @since AND visitor_id IS NOT NULL AND session_id IS NOT NULL
                ORDER BY visitor_id, time DESC
                """,
                new { since = since.ToUniversalTime() },
                commandTimeout: CommandTimeoutSeconds,
                cancellationToken: cancellationToken));
            return (IReadOnlyList<VisitorSession>)rows
                .Select(r => new VisitorSession(r.VisitorId, r.SessionId, new DateTimeOffset(DateTime.SpecifyKind(r.Time, DateTimeKind.Utc))))
                .ToList();
        });

    /// <inheritdoc />
    public Task RunMaintenanceAsync(CancellationToken cancellationToken) => Guard(async () =>
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        _flavor ??= await _bootstrapper.ReadFlavorAsync(connection, cancellationToken)
            ?? throw new SchemaVersionException(
                $"The analytics schema {_quotedSchema} has not been created. Set Analytics:ApplySchemaOnStartup to true, or apply the exported script.");

        // TimescaleDB drops chunks itself through the retention policy set at startup.
        var now = _timeProvider.GetUtcNow();
        if (_flavor == PostgreSqlFlavor.Native)
        {
            await _maintainer.RunAsync(connection, now, _options.Retention, _options.PartitionsAhead, cancellationToken);
        }

        // An id may be forgotten once its event has expired: a retry that late is not a retry.
        await connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM {_quotedSchema}.event_ids WHERE time < @cutoff",
            new { cutoff = now - _options.Retention },
            commandTimeout: CommandTimeoutSeconds,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM {_quotedSchema}.visitor_salts WHERE day < @oldest",
            new { oldest = VisitorSaltDays.OldestKept(now).ToDateTime(TimeOnly.MinValue) },
            commandTimeout: CommandTimeoutSeconds,
            cancellationToken: cancellationToken));
    });

    /// <inheritdoc />
    public Task PingAsync(CancellationToken cancellationToken) => Guard(async () =>
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", commandTimeout: 5, cancellationToken: cancellationToken));
    });

    /// <inheritdoc />
    public Task<bool> AddApiKeyAsync(StoredApiKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Guard(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            var added = await connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO {_quotedSchema}.api_keys (prefix, key_hash, scope, site, created_at)
                VALUES (@prefix, @hash, @scope, @site, @created)
                ON CONFLICT (prefix) DO NOTHING
                """,
                new { prefix = key.Info.Prefix, hash = key.Hash, scope = ApiKeyText.ScopeName(key.Info.Scope), site = key.Info.Site, created = key.Info.CreatedAt.UtcDateTime },
                commandTimeout: CommandTimeoutSeconds,
                cancellationToken: cancellationToken));
            return added == 1;
        });
    }

    /// <inheritdoc />
    public Task<StoredApiKey?> FindApiKeyAsync(string prefix, CancellationToken cancellationToken) => Guard(async () =>
        (await ReadApiKeysAsync("WHERE prefix = @prefix", new { prefix }, cancellationToken)).SingleOrDefault());

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredApiKey>> ListApiKeysAsync(CancellationToken cancellationToken) =>
        Guard(async () => (IReadOnlyList<StoredApiKey>)await ReadApiKeysAsync("ORDER BY created_at, prefix", null, cancellationToken));

    /// <inheritdoc />
    public Task<bool> DeleteApiKeyAsync(string prefix, CancellationToken cancellationToken) => Guard(async () =>
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM {_quotedSchema}.api_keys WHERE prefix = @prefix",
            new { prefix },
            commandTimeout: CommandTimeoutSeconds,
            cancellationToken: cancellationToken)) == 1;
    });

    /// <inheritdoc />
    public Task MarkApiKeyUsedAsync(string prefix, DateTimeOffset usedAt, CancellationToken cancellationToken) => Guard(async () =>
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {_quotedSchema}.api_keys SET last_used_at = @usedAt WHERE prefix = @prefix AND (last_used_at IS NULL OR last_used_at < @usedAt)",
            new { prefix, usedAt = usedAt.UtcDateTime },
            commandTimeout: CommandTimeoutSeconds,
            cancellationToken: cancellationToken));
    });

    private async Task<List<StoredApiKey>> ReadApiKeysAsync(string clause, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Prefix, byte[] Hash, string Scope, string? Site, DateTime Created, DateTime? LastUsed)>(new CommandDefinition(
            $"SELECT prefix, key_hash, scope, site, created_at, last_used_at FROM {_quotedSchema}.api_keys {clause}",
            parameters,
            commandTimeout: CommandTimeoutSeconds,
            cancellationToken: cancellationToken));
        return rows.Select(r => StoredApiKey.FromColumns(r.Prefix, r.Hash, r.Scope, r.Site, r.Created, r.LastUsed)).ToList();
    }

    /// <summary>The UTC days that currently have a native partition (for diagnostics and tests).</summary>
    internal async Task<IReadOnlySet<DateOnly>> ListPartitionDaysAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await _maintainer.ListPartitionDaysAsync(connection, cancellationToken);
    }

    /// <summary>
    /// One transaction: events whose id the server assigned are new by construction, so they are copied straight into
    /// the events table and their ids into <c>event_ids</c> (binary COPY, nothing to look up); events with a client's
    /// id go through a transaction-scoped staging table and one INSERT that keeps only ids not stored before. The
    /// batch is atomic, and a retried event is stored once.
    /// </summary>
    private async Task CopyAsync(IReadOnlyList<AnalyticsEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count < CopyThreshold)
        {
            await InsertArraysAsync(events, cancellationToken);
            return;
        }

        var fresh = new List<AnalyticsEvent>(events.Count);
        var clientIds = new List<AnalyticsEvent>();
        foreach (var e in events)
        {
            (e.IdAssignedByServer ? fresh : clientIds).Add(e);
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (fresh.Count > 0)
        {
            await WriteRowsAsync(connection, _directCopyCommand, fresh, PostgreSqlEventColumns.All, cancellationToken);
            await WriteRowsAsync(connection, _idsCopyCommand, fresh, PostgreSqlEventColumns.Identity, cancellationToken);
        }

        if (clientIds.Count > 0)
        {
            await using (var staging = new NpgsqlCommand(_stagingCommand, connection, transaction))
            {
                await staging.ExecuteNonQueryAsync(cancellationToken);
            }

            await WriteRowsAsync(connection, _copyCommand, clientIds, PostgreSqlEventColumns.All, cancellationToken);
            await using var insert = new NpgsqlCommand(_insertCommand, connection, transaction);
            insert.CommandTimeout = CommandTimeoutSeconds;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Small batches: the same de-duplicating INSERT fed by arrays, in one statement and one round trip. Creating a
    /// staging table costs catalog writes that dominate a batch of a few hundred rows.
    /// </summary>
    private async Task InsertArraysAsync(IReadOnlyList<AnalyticsEvent> events, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(_arrayInsertCommand);
        command.CommandTimeout = CommandTimeoutSeconds;
        foreach (var column in PostgreSqlEventColumns.All)
        {
            command.Parameters.Add(column.ArrayParameter(events));
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WriteRowsAsync(
        NpgsqlConnection connection,
        string copyCommand,
        IReadOnlyList<AnalyticsEvent> events,
        IReadOnlyList<PostgreSqlEventColumn> columns,
        CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(copyCommand, cancellationToken);
        foreach (var e in events)
        {
            await writer.StartRowAsync(cancellationToken);
            foreach (var column in columns)
            {
                await column.WriteAsync(writer, e, cancellationToken);
            }
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private async Task Guard(Func<Task> operation) => await Guard(async () =>
    {
        await operation();
        return true;
    });

    private async Task<T> Guard<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (PostgresException ex) when (IsContentError(ex.SqlState))
        {
            // The message names the constraint or the type, never the values.
            throw new EventRejectedException($"PostgreSQL refused the events ({ex.SqlState}: {ex.MessageText}).", ex);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            LogUnavailable(_logger, ex.GetType().Name, ex.Message);
            throw new EventStoreUnavailableException("The PostgreSQL analytics store is unavailable.", ex);
        }
    }

    // SQLSTATE classes 22 (data exception), 23 (integrity constraint violation), 54 (program limit exceeded).
    private static bool IsContentError(string sqlState) => sqlState.StartsWith("22", StringComparison.Ordinal)
        || sqlState.StartsWith("23", StringComparison.Ordinal) || sqlState.StartsWith("54", StringComparison.Ordinal);

    // Whatever is about the server or the connection rather than the statement: a restart (57P01), a server starting
    // up (57P03), connection failures (08), resources (53), system errors (58), I/O and timeouts; retrying may work.
    private static bool IsUnavailable(Exception ex) => ex switch
    {
        PostgresException pg => pg.IsTransient || pg.SqlState[..2] is "08" or "40" or "53" or "57" or "58",
        NpgsqlException => true,
        TimeoutException or SocketException or IOException => true,
        _ => false,
    };

    [LoggerMessage(EventId = AnalyticsLogEvents.PostgreSqlQueryTimedOut, Level = LogLevel.Warning, Message = "A stats query ran longer than Analytics:QueryTimeout ({Timeout}) and was cancelled")]
    private static partial void LogQueryTimedOut(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = AnalyticsLogEvents.PostgreSqlUnavailable, Level = LogLevel.Warning, Message = "The PostgreSQL analytics store is unavailable: {ExceptionType}: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType, string reason);
}
