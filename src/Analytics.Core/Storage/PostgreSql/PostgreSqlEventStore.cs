using System.Net.Sockets;
using Analytics.Events;
using Analytics.Querying;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

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
    private readonly bool _isUtc;
    private readonly PostgreSqlSchemaBootstrapper _bootstrapper;
    private readonly PostgreSqlPartitionMaintainer _maintainer;
    private const string Columns =
        "id, time, page, user_agent, ip_address, referrer, session_id, duration, operating_system, os_version, browser, browser_version, device_type, is_bot";

    private readonly string _copyCommand;
    private readonly string _insertCommand;
    private readonly string _stagingCommand;
    private readonly string _arrayInsertCommand;
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
        (_timeZone, _isUtc) = ReportingTimeZone.Resolve(options.TimeZone);
        _bootstrapper = new PostgreSqlSchemaBootstrapper(dataSource, options.Schema, options.Partitioning, _logger);
        _maintainer = new PostgreSqlPartitionMaintainer(options.Schema, _logger);
        _copyCommand = $"COPY pg_temp.incoming ({Columns}) FROM STDIN (FORMAT BINARY)";
        _insertCommand = $"""
            WITH fresh AS (
                INSERT INTO {_quotedSchema}.event_ids (id, time)
                SELECT id, time FROM pg_temp.incoming
                ON CONFLICT DO NOTHING
                RETURNING id)
            INSERT INTO {_quotedSchema}.events ({Columns})
            SELECT DISTINCT ON (i.id) {string.Join(", ", Columns.Split(", ").Select(c => "i." + c))}
            FROM pg_temp.incoming i JOIN fresh USING (id)
            """;
        _stagingCommand = $"CREATE TEMP TABLE incoming (LIKE {_quotedSchema}.events) ON COMMIT DROP";
        _arrayInsertCommand = $"""
            WITH incoming AS (
                SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) AS t({Columns})),
            fresh AS (
                INSERT INTO {_quotedSchema}.event_ids (id, time)
                SELECT id, time FROM incoming
                ON CONFLICT DO NOTHING
                RETURNING id)
            INSERT INTO {_quotedSchema}.events ({Columns})
            SELECT DISTINCT ON (i.id) {string.Join(", ", Columns.Split(", ").Select(c => "i." + c))}
            FROM incoming i JOIN fresh USING (id)
            """;
    }

    /// <inheritdoc />
    public string Description => _flavor switch
    {
        PostgreSqlFlavor.TimescaleDb => "PostgreSQL (TimescaleDB hypertable)",
        PostgreSqlFlavor.Native => "PostgreSQL (native daily partitions)",
        _ => "PostgreSQL",
    };

    /// <inheritdoc />
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        _flavor = await Guard(() => _bootstrapper.ApplyAsync(_options.Retention, cancellationToken));
    }

    /// <inheritdoc />
    public string ExportSchemaScript() => PostgreSqlSchemaScripts.Export(
        _options.Partitioning == PartitioningMode.TimescaleDb ? PostgreSqlFlavor.TimescaleDb : PostgreSqlFlavor.Native,
        _quotedSchema);

    /// <inheritdoc />
    public Task AppendAsync(IReadOnlyList<PageViewEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        return events.Count == 0 ? Task.CompletedTask : Guard(() => CopyAsync(events, cancellationToken));
    }

    /// <inheritdoc />
    public Task<PageViewEvent?> GetAsync(Guid id, CancellationToken cancellationToken) => Guard(async () =>
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<EventRow>(new CommandDefinition(
            $"""
            SELECT id AS Id, time AS Time, page AS Page, user_agent AS UserAgent, ip_address AS IpAddress,
                   referrer AS Referrer, session_id AS SessionId, duration AS Duration, operating_system AS OperatingSystem,
                   os_version AS OsVersion, browser AS Browser, browser_version AS BrowserVersion, device_type AS DeviceType,
                   is_bot AS IsBot
            FROM {_quotedSchema}.events WHERE id = @id LIMIT 1
            """,
            new { id },
            commandTimeout: CommandTimeoutSeconds,
            cancellationToken: cancellationToken));
        return row?.ToEvent();
    });

    /// <inheritdoc />
    public Task<IReadOnlyList<AggregateRow>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Guard(async () =>
        {
            var sql = PostgreSqlAggregateSql.Build(_quotedSchema, query.Width, _isUtc, query.Pages.Count > 0, query.IncludeBots);
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            var rows = await connection.QueryAsync<AggregateRowData>(new CommandDefinition(
                sql,
                new
                {
                    from = query.From.ToUniversalTime(),
                    to = query.To.ToUniversalTime(),
                    pages = query.Pages.ToArray(),
                    tz = _timeZone.Id,
                    width = query.Width.ToString(),
                    months = query.Width.Count,
                },
                commandTimeout: (int)Math.Ceiling(_options.QueryTimeout.TotalSeconds),
                cancellationToken: cancellationToken));
            return (IReadOnlyList<AggregateRow>)rows.Select(r => new AggregateRow
            {
                Bucket = TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(r.Bucket, DateTimeKind.Utc)), _timeZone),
                Page = r.Page,
                OperatingSystem = r.OperatingSystem,
                AvgDuration = r.AvgDuration,
                Count = r.Count,
            }).ToList();
        });
    }

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
    });

    /// <inheritdoc />
    public Task PingAsync(CancellationToken cancellationToken) => Guard(async () =>
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", commandTimeout: 5, cancellationToken: cancellationToken));
    });

    /// <summary>The UTC days that currently have a native partition (for diagnostics and tests).</summary>
    internal async Task<IReadOnlySet<DateOnly>> ListPartitionDaysAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await _maintainer.ListPartitionDaysAsync(connection, cancellationToken);
    }

    /// <summary>
    /// Binary COPY into a transaction-scoped staging table, then one INSERT that keeps only ids not stored before:
    /// the batch is atomic, and a retried event is stored once.
    /// </summary>
    private async Task CopyAsync(IReadOnlyList<PageViewEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count < CopyThreshold)
        {
            await InsertArraysAsync(events, cancellationToken);
            return;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var staging = new NpgsqlCommand(_stagingCommand, connection, transaction))
        {
            await staging.ExecuteNonQueryAsync(cancellationToken);
        }

        await WriteRowsAsync(connection, events, cancellationToken);
        await using (var insert = new NpgsqlCommand(_insertCommand, connection, transaction))
        {
            insert.CommandTimeout = CommandTimeoutSeconds;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Small batches: the same de-duplicating INSERT fed by arrays, in one statement and one round trip. Creating a
    /// staging table costs catalog writes that dominate a batch of a few hundred rows.
    /// </summary>
    private async Task InsertArraysAsync(IReadOnlyList<PageViewEvent> events, CancellationToken cancellationToken)
    {
        var count = events.Count;
        var ids = new Guid[count];
        var times = new DateTime[count];
        var pages = new string[count];
        var userAgents = new string?[count];
        var ipAddresses = new string?[count];
        var referrers = new string?[count];
        var sessionIds = new string?[count];
        var durations = new int?[count];
        var operatingSystems = new string[count];
        var osVersions = new string?[count];
        var browsers = new string[count];
        var browserVersions = new string?[count];
        var deviceTypes = new string[count];
        var bots = new bool[count];
        for (var i = 0; i < count; i++)
        {
            var e = events[i];
            ids[i] = e.Id;
            times[i] = e.Time.UtcDateTime;
            pages[i] = e.Page;
            userAgents[i] = e.UserAgent;
            ipAddresses[i] = e.IpAddress;
            referrers[i] = e.Referrer;
            sessionIds[i] = e.SessionId;
            durations[i] = e.Duration;
            operatingSystems[i] = e.OperatingSystem;
            osVersions[i] = e.OsVersion;
            browsers[i] = e.Browser;
            browserVersions[i] = e.BrowserVersion;
            deviceTypes[i] = e.DeviceType;
            bots[i] = e.IsBot;
        }

        await using var command = _dataSource.CreateCommand(_arrayInsertCommand);
        command.CommandTimeout = CommandTimeoutSeconds;
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = times, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = pages, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = userAgents, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = ipAddresses, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = referrers, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = sessionIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int?[]> { TypedValue = durations, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = operatingSystems, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = osVersions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = browsers, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = browserVersions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = deviceTypes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = bots, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task WriteRowsAsync(NpgsqlConnection connection, IReadOnlyList<PageViewEvent> events, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(_copyCommand, cancellationToken);
        foreach (var e in events)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(e.Id, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(e.Time.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(e.Page, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(writer, e.UserAgent, cancellationToken);
            await WriteNullableAsync(writer, e.IpAddress, cancellationToken);
            await WriteNullableAsync(writer, e.Referrer, cancellationToken);
            await WriteNullableAsync(writer, e.SessionId, cancellationToken);
            if (e.Duration is { } duration)
            {
                await writer.WriteAsync(duration, NpgsqlDbType.Integer, cancellationToken);
            }
            else
            {
                await writer.WriteNullAsync(cancellationToken);
            }

            await writer.WriteAsync(e.OperatingSystem, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(writer, e.OsVersion, cancellationToken);
            await writer.WriteAsync(e.Browser, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(writer, e.BrowserVersion, cancellationToken);
            await writer.WriteAsync(e.DeviceType, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(e.IsBot, NpgsqlDbType.Boolean, cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value, CancellationToken cancellationToken) =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

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

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "The PostgreSQL analytics store is unavailable: {ExceptionType}: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType, string reason);

    private sealed class EventRow
    {
        public Guid Id { get; init; }

        public DateTime Time { get; init; }

        public string Page { get; init; } = "";

        public string? UserAgent { get; init; }

        public string? IpAddress { get; init; }

        public string? Referrer { get; init; }

        public string? SessionId { get; init; }

        public int? Duration { get; init; }

        public string OperatingSystem { get; init; } = "";

        public string? OsVersion { get; init; }

        public string Browser { get; init; } = "";

        public string? BrowserVersion { get; init; }

        public string DeviceType { get; init; } = "";

        public bool IsBot { get; init; }

        public PageViewEvent ToEvent() => new()
        {
            Id = Id,
            Time = new DateTimeOffset(DateTime.SpecifyKind(Time, DateTimeKind.Utc)),
            Page = Page,
            UserAgent = UserAgent,
            IpAddress = IpAddress,
            Referrer = Referrer,
            SessionId = SessionId,
            Duration = Duration,
            OperatingSystem = OperatingSystem,
            OsVersion = OsVersion,
            Browser = Browser,
            BrowserVersion = BrowserVersion,
            DeviceType = DeviceType,
            IsBot = IsBot,
        };
    }

    private sealed class AggregateRowData
    {
        public DateTime Bucket { get; init; }

        public string Page { get; init; } = "";

        public string OperatingSystem { get; init; } = "";

        public double? AvgDuration { get; init; }

        public long Count { get; init; }
    }
}
