using Analytics.Enrichment;
using Analytics.Events;
using Analytics.Querying;
using Analytics.Querying.Stats;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Analytics.Diagnostics;

namespace Analytics.Storage.DuckDb;

/// <summary>
/// The embedded store: one DuckDB file owned by this process. Appends go through DuckDB's appender inside a
/// transaction, reads are parameterised SQL, and time stays a UTC <c>TIMESTAMP</c> with buckets aligned in the
/// reporting time zone by the store itself, with the same results as the PostgreSQL store. For several instances, use
/// PostgreSQL.
/// </summary>
public sealed partial class DuckDbEventStore : IEventStore, IAsyncDisposable, IDisposable
{
    // Above this span the aggregate first narrows the range to the events it holds, so that the offset timeline
    // covers years of data rather than the (possibly centuries-wide) range a query may name.
    private static readonly TimeSpan LongRange = TimeSpan.FromDays(3 * 366);

    private readonly DuckDbDatabase _database;
    private readonly AnalyticsOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _quotedSchema;
    private readonly TimeZoneInfo _timeZone;
    private readonly DuckDbSchemaBootstrapper _bootstrapper;

    // Appends check for stored ids inside their transaction; one at a time, so two batches cannot both pass.
    private readonly SemaphoreSlim _appendGate = new(1, 1);

    /// <summary>Creates the store on the DuckDB file at <paramref name="path"/>, which is opened (and created) on first use.</summary>
    public DuckDbEventStore(string path, AnalyticsOptions options, TimeProvider? timeProvider = null, ILogger<DuckDbEventStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        _database = new DuckDbDatabase(System.IO.Path.GetFullPath(path));
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _quotedSchema = SqlIdentifier.Quote(options.Schema);
        _timeZone = ReportingTimeZone.Resolve(options.TimeZone).Zone;
        _bootstrapper = new DuckDbSchemaBootstrapper(options.Schema, _timeProvider, _logger);
    }

    /// <summary>The full path of the database file.</summary>
    public string Path => _database.Path;

    // catalog.schema: the catalog is named after the file, so "analytics.duckdb" with schema "analytics" needs both.
    private string QualifiedSchema => _database.QuotedCatalog + "." + _quotedSchema;

    private string EventsTable => QualifiedSchema + ".events";

    /// <inheritdoc />
    public string Description => $"DuckDB ({_database.Path})";

    /// <inheritdoc />
    public Task EnsureSchemaAsync(CancellationToken cancellationToken) =>
        RunAsync(connection => _bootstrapper.Apply(connection, QualifiedSchema), cancellationToken);

    /// <inheritdoc />
    public string ExportSchemaScript() => DuckDbSchemaScripts.Export(DuckDbDatabase.QuotedCatalogFor(_database.Path) + "." + _quotedSchema);

    /// <inheritdoc />
    public async Task AppendAsync(IReadOnlyList<AnalyticsEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        events = FirstOfEachId(events);

        // Ids the server assigned are new by construction; only a client's ids can have been stored before.
        var clientIds = events.Where(e => !e.IdAssignedByServer).ToList();
        var range = clientIds.Count == 0 ? ((Guid, Guid)?)null : IdRange(clientIds);
        await _appendGate.WaitAsync(cancellationToken);
        try
        {
            await RunAsync(connection => Append(connection, events, range, cancellationToken), cancellationToken);
        }
        finally
        {
            _appendGate.Release();
        }
    }

    /// <inheritdoc />
    public Task<AnalyticsEvent?> GetAsync(Guid id, CancellationToken cancellationToken) => RunAsync(
        connection => DuckDbCommands.Query(
            connection,
            $"SELECT {EventColumns.List()} FROM {EventsTable} WHERE id = $id LIMIT 1",
            reader => EventColumns.Read(reader.GetValue),
            [("id", id)],
            cancellationToken).SingleOrDefault(),
        cancellationToken);

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
        StatsSql.Check(query);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.QueryTimeout);
        try
        {
            return await RunAsync(
                connection =>
                {
                    var (timelineFrom, timelineTo) = TimelineRange(connection, query, timeout.Token);
                    var dialect = new DuckDbStatsDialect(EventsTable, query.TimeZone, timelineFrom, timelineTo);
                    var sql = StatsSql.Build(query, dialect);
                    long total = 0;
                    var rows = DuckDbCommands.Query(
                        connection,
                        sql.Text,
                        reader => sql.ReadRow(reader.GetValue, reader.FieldCount, out total),
                        sql.Parameters.Concat(dialect.TimelineParameters).Select(p => (p.Name, (object?)p.Value)),
                        timeout.Token);
                    return new StatsResult(rows.OfType<StatsRow>().ToList(), total);
                },
                timeout.Token);
        }
        catch (EventRejectedException ex)
        {
            // Invalid input on a read is the query's own values: a pattern RE2 cannot compile, say.
            throw new ArgumentException($"DuckDB refused the query: {ex.InnerException?.Message}", nameof(query), ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // DuckDB has no statement timeout of its own: the query was interrupted at Analytics:QueryTimeout.
            throw new EventStoreUnavailableException($"The stats query ran longer than Analytics:QueryTimeout ({_options.QueryTimeout}).", ex);
        }
    }

    /// <summary>
    /// The instants whose UTC offsets a stats query needs: none without a time dimension; the scanned range when it
    /// is short; over a long range, only the span the site's events cover, as the aggregate does, so that a query over
    /// a thousand years does not build (and test every row against) a thousand years of offset changes.
    /// </summary>
    private (DateTime From, DateTime To) TimelineRange(DuckDBConnection connection, StatsQuery query, CancellationToken cancellationToken)
    {
        var (scanFrom, scanTo) = StatsSql.ScanRange(query);
        if (!query.Dimensions.Any(d => d.Kind == StatsDimensionKind.Time))
        {
            return (scanFrom.UtcDateTime, scanFrom.UtcDateTime);
        }

        if (scanTo - scanFrom <= LongRange)
        {
            return (scanFrom.UtcDateTime, scanTo.UtcDateTime);
        }

        var extent = DuckDbCommands.Query(
            connection,
            $"SELECT min(time), max(time) FROM {EventsTable} WHERE {(query.EverySite ? "" : "site = $site AND ")}time >= $scan_from AND time < $scan_to",
            reader => reader.IsDBNull(0) ? ((DateTime, DateTime)?)null : (reader.GetDateTime(0), reader.GetDateTime(1)),
            query.EverySite
                ? [("scan_from", scanFrom.UtcDateTime), ("scan_to", scanTo.UtcDateTime)]
                : [("site", query.Site), ("scan_from", scanFrom.UtcDateTime), ("scan_to", scanTo.UtcDateTime)],
            cancellationToken).Single();
        return extent is { } held ? (held.Item1, held.Item2.AddTicks(1)) : (scanFrom.UtcDateTime, scanFrom.UtcDateTime);
    }

    /// <inheritdoc />
    public Task RunMaintenanceAsync(CancellationToken cancellationToken) => RunAsync(
        connection =>
        {
            if (!_bootstrapper.IsCreated(connection))
            {
                throw new SchemaVersionException(
                    $"The analytics schema {_quotedSchema} has not been created in {_database.Path}. " +
                    "Set Analytics:ApplySchemaOnStartup to true, or apply the exported script.");
            }

            var cutoff = (_timeProvider.GetUtcNow() - _options.Retention).UtcDateTime;
            var removed = DuckDbCommands.Execute(connection, $"DELETE FROM {EventsTable} WHERE time < $cutoff", cancellationToken, ("cutoff", cutoff));
            if (removed > 0)
            {
                LogExpiredRemoved(_logger, removed, cutoff);
            }

            DuckDbCommands.Execute(
                connection,
                $"DELETE FROM {QualifiedSchema}.visitor_salts WHERE day < $oldest",
                cancellationToken,
                ("oldest", VisitorSaltDays.OldestKept(_timeProvider.GetUtcNow())));

            // Folds the write-ahead log into the file and releases the row groups the delete emptied.
            DuckDbCommands.Execute(connection, "CHECKPOINT", cancellationToken);
        },
        cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<DateOnly, byte[]>> GetVisitorSaltsAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyDictionary<DateOnly, byte[]>>(
            connection =>
            {
                var days = VisitorSaltDays.Creatable(first, last, _timeProvider.GetUtcNow());
                var fresh = VisitorSaltDays.NewSalts(days.Length);
                for (var i = 0; i < days.Length; i++)
                {
                    DuckDbCommands.Execute(
                        connection,
                        $"INSERT OR IGNORE INTO {QualifiedSchema}.visitor_salts (day, salt) VALUES ($day, $salt)",
                        cancellationToken,
                        ("day", days[i]),
                        ("salt", fresh[i]));
                }

                return DuckDbCommands.Query(
                    connection,
                    $"SELECT day, salt FROM {QualifiedSchema}.visitor_salts WHERE day BETWEEN $first AND $last",
                    reader => (Day: reader.GetFieldValue<DateOnly>(0), Salt: ReadBlob(reader, 1)),
                    [("first", first), ("last", last)],
                    cancellationToken).ToDictionary(r => r.Day, r => r.Salt);
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<VisitorSession>> GetRecentSessionsAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<VisitorSession>>(
            connection => DuckDbCommands.Query(
                connection,
                $"""
                SELECT visitor_id, arg_max(session_id, time), max(time) FROM {EventsTable}
                WHERE time >= $since AND visitor_id IS NOT NULL AND session_id IS NOT NULL
                GROUP BY visitor_id
                """,
                reader => new VisitorSession(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc))),
                [("since", since.UtcDateTime)],
                cancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task PingAsync(CancellationToken cancellationToken) =>
        RunAsync(connection => DuckDbCommands.Scalar(connection, "SELECT 1", cancellationToken), cancellationToken);

    /// <summary>Checkpoints and closes the file.</summary>
    public void Dispose() => _database.Dispose();

    /// <summary>Checkpoints and closes the file.</summary>
    public ValueTask DisposeAsync()
    {
        _database.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(DuckDBConnection connection, IReadOnlyList<AnalyticsEvent> events, (Guid Lowest, Guid Highest)? clientIdRange, CancellationToken cancellationToken)
    {
        // The appender flushes on its own every so many rows; the transaction makes the whole batch one commit, and
        // leaving it uncommitted (a stored id, cancellation, an error) rolls everything back.
        using var transaction = connection.BeginTransaction();
        using (var appender = connection.CreateAppender(_database.Catalog, _options.Schema, "events"))
        {
            for (var i = 0; i < events.Count; i++)
            {
                if ((i & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                DuckDbEventColumns.Append(appender, events[i]);
            }

            appender.Close();
        }

        // An id already stored keeps its first event: the copies this batch added are deleted again before the
        // commit (appended rows come after the stored ones, so they have the higher rowids). Ids are time-ordered
        // UUIDv7, so the range of the batch's client ids touches few row groups (min/max statistics).
        if (clientIdRange is { } ids)
        {
            DuckDbCommands.Execute(
                connection,
                $"""
                DELETE FROM {EventsTable} WHERE rowid IN (
                    SELECT rowid FROM (
                        SELECT rowid, row_number() OVER (PARTITION BY id ORDER BY rowid) AS copy
                        FROM {EventsTable} WHERE id BETWEEN $lowest AND $highest)
                    WHERE copy > 1)
                """,
                cancellationToken,
                ("lowest", ids.Lowest),
                ("highest", ids.Highest));
        }

        cancellationToken.ThrowIfCancellationRequested();
        transaction.Commit();
    }

    // A batch that names an id twice keeps its first event with that id.
    private static IReadOnlyList<AnalyticsEvent> FirstOfEachId(IReadOnlyList<AnalyticsEvent> events)
    {
        var seen = new HashSet<Guid>(events.Count);
        List<AnalyticsEvent>? unique = null;
        for (var i = 0; i < events.Count; i++)
        {
            if (seen.Add(events[i].Id))
            {
                unique?.Add(events[i]);
            }
            else
            {
                unique ??= events.Take(i).ToList();
            }
        }

        return unique ?? events;
    }

    // The batch's lowest and highest id in DuckDB's UUID order (the bytes in RFC 4122 order).
    private static (Guid Lowest, Guid Highest) IdRange(List<AnalyticsEvent> events)
    {
        Span<byte> lowest = stackalloc byte[16];
        Span<byte> highest = stackalloc byte[16];
        Span<byte> current = stackalloc byte[16];
        for (var i = 0; i < events.Count; i++)
        {
            var id = events[i].Id;
            id.TryWriteBytes(current, bigEndian: true, out _);
            if (i == 0 || current.SequenceCompareTo(lowest) < 0)
            {
                current.CopyTo(lowest);
            }

            if (i == 0 || current.SequenceCompareTo(highest) > 0)
            {
                current.CopyTo(highest);
            }
        }

        return (new Guid(lowest, bigEndian: true), new Guid(highest, bigEndian: true));
    }

    private static byte[] ReadBlob(DuckDBDataReader reader, int ordinal)
    {
        using var stream = reader.GetStream(ordinal);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }


    private async Task RunAsync(Action<DuckDBConnection> operation, CancellationToken cancellationToken) => await RunAsync(
        connection =>
        {
            operation(connection);
            return true;
        },
        cancellationToken);

    private async Task<T> RunAsync<T>(Func<DuckDBConnection, T> operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await _database.OpenConnectionAsync(cancellationToken);
        try
        {
            return operation(connection);
        }
        catch (DuckDBException ex) when (ex.ErrorType == DuckDBErrorType.Interrupt && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The DuckDB statement was interrupted because the operation was cancelled.", ex, cancellationToken);
        }
        catch (DuckDBException ex) when (ex.ErrorType is DuckDBErrorType.Constraint or DuckDBErrorType.Conversion or DuckDBErrorType.InvalidInput)
        {
            throw new EventRejectedException($"DuckDB refused the events ({ex.ErrorType}).", ex);
        }
        catch (DuckDBException ex) when (IsUnavailable(ex))
        {
            LogUnavailable(_logger, ex.ErrorType.ToString(), ex.Message);
            if (ex.ErrorType == DuckDBErrorType.Fatal)
            {
                // DuckDB refuses every statement after a fatal error until the database is opened again; it closes
                // once this connection (below) and any others still running are closed.
                _database.Reset();
            }

            throw new EventStoreUnavailableException($"The DuckDB analytics store ({_database.Path}) is unavailable: {ex.Message}", ex);
        }
        finally
        {
            connection.Dispose();
        }
    }

    // Failures that may pass when retried: the disk (full, failing), memory, a write conflict with a concurrent
    // transaction, or a fatal error after which the file is reopened.
    private static bool IsUnavailable(DuckDBException ex) => ex.ErrorType is
        DuckDBErrorType.Io or DuckDBErrorType.OutOfMemory or DuckDBErrorType.Transaction or DuckDBErrorType.Fatal;

    [LoggerMessage(EventId = AnalyticsLogEvents.DuckDbExpiredRemoved, Level = LogLevel.Information, Message = "Removed {Count} analytics events older than {Cutoff:O} (retention)")]
    private static partial void LogExpiredRemoved(ILogger logger, int count, DateTime cutoff);

    [LoggerMessage(EventId = AnalyticsLogEvents.DuckDbUnavailable, Level = LogLevel.Warning, Message = "The DuckDB analytics store is unavailable: {ErrorType}: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string errorType, string reason);
}
