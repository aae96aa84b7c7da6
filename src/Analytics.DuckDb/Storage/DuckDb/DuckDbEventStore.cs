using System.Globalization;
using Analytics.ApiKeys;
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

    /// <summary>
    /// How far apart in event time a retried client id and its stored copy may be and still be recognised: a retry
    /// carries the same time (the pipeline's, or a client's timestamp) or the time it arrived again. PostgreSQL
    /// recognises an id for the whole retention (it keeps an id index); DuckDB keeps none, see <see cref="StoredIds"/>.
    /// </summary>
    internal static readonly TimeSpan DeduplicationWindow = TimeSpan.FromDays(1);

    /// <summary>Up to this many client ids are looked up through parameters rather than a temporary table.</summary>
    internal const int InlineIdLimit = 64;

    // Appends check for stored ids inside their transaction; one at a time, so two batches cannot both pass.
    private readonly SemaphoreSlim _appendGate = new(1, 1);
    private readonly QueryLanes _queries;

    /// <summary>Creates the store on the DuckDB file at <paramref name="path"/>, which is opened (and created) on first use.</summary>
    public DuckDbEventStore(string path, AnalyticsOptions options, TimeProvider? timeProvider = null, ILogger<DuckDbEventStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        if (!DuckDbOptions.TryParseMemoryLimit(options.DuckDb.MemoryLimit, out var memoryLimit))
        {
            throw new ArgumentException($"Analytics:DuckDb:MemoryLimit is not a memory size such as '1GiB'.", nameof(options));
        }

        _database = new DuckDbDatabase(System.IO.Path.GetFullPath(path), memoryLimit, options.DuckDb.EffectiveThreads);
        _options = options;
        _queries = new QueryLanes(options);
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
        var clientEvents = events.Where(e => !e.IdAssignedByServer).ToList();
        await _appendGate.WaitAsync(cancellationToken);
        try
        {
            await RunAsync(connection => Append(connection, events, clientEvents, cancellationToken), cancellationToken);
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
        using var slot = await _queries.EnterAsync(query, cancellationToken);
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

    /// <inheritdoc />
    public Task<bool> AddApiKeyAsync(StoredApiKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync(
            connection => DuckDbCommands.Execute(
                connection,
                $"INSERT OR IGNORE INTO {QualifiedSchema}.api_keys (prefix, key_hash, scope, site, created_at) VALUES ($prefix, $hash, $scope, $site, $created)",
                cancellationToken,
                ("prefix", key.Info.Prefix),
                ("hash", key.Hash),
                ("scope", ApiKeyText.ScopeName(key.Info.Scope)),
                ("site", key.Info.Site),
                ("created", key.Info.CreatedAt.UtcDateTime)) == 1,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoredApiKey?> FindApiKeyAsync(string prefix, CancellationToken cancellationToken) =>
        RunAsync(connection => ReadApiKeys(connection, "WHERE prefix = $prefix", [("prefix", prefix)], cancellationToken).SingleOrDefault(), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredApiKey>> ListApiKeysAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<StoredApiKey>>(connection => ReadApiKeys(connection, "ORDER BY created_at, prefix", [], cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteApiKeyAsync(string prefix, CancellationToken cancellationToken) => RunAsync(
        connection => DuckDbCommands.Execute(connection, $"DELETE FROM {QualifiedSchema}.api_keys WHERE prefix = $prefix", cancellationToken, ("prefix", prefix)) == 1,
        cancellationToken);

    /// <inheritdoc />
    public Task MarkApiKeyUsedAsync(string prefix, DateTimeOffset usedAt, CancellationToken cancellationToken) => RunAsync(
        connection => DuckDbCommands.Execute(
            connection,
            $"UPDATE {QualifiedSchema}.api_keys SET last_used_at = $used WHERE prefix = $prefix AND (last_used_at IS NULL OR last_used_at < $used)",
            cancellationToken,
            ("prefix", prefix),
            ("used", usedAt.UtcDateTime)),
        cancellationToken);

    private List<StoredApiKey> ReadApiKeys(DuckDBConnection connection, string clause, IEnumerable<(string Name, object? Value)> parameters, CancellationToken cancellationToken) =>
        DuckDbCommands.Query(
            connection,
            $"SELECT prefix, key_hash, scope, site, created_at, last_used_at FROM {QualifiedSchema}.api_keys {clause}",
            reader => StoredApiKey.FromColumns(
                reader.GetString(0),
                ReadBlob(reader, 1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetDateTime(4),
                reader.IsDBNull(5) ? null : reader.GetDateTime(5)),
            parameters,
            cancellationToken);

    /// <summary>Checkpoints and closes the file.</summary>
    public void Dispose() => _database.Dispose();

    /// <summary>Checkpoints and closes the file.</summary>
    public ValueTask DisposeAsync()
    {
        _database.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(DuckDBConnection connection, IReadOnlyList<AnalyticsEvent> events, List<AnalyticsEvent> clientEvents, CancellationToken cancellationToken)
    {
        // The appender flushes on its own every so many rows; the transaction makes the whole batch one commit, and
        // leaving it uncommitted (cancellation, an error) rolls everything back. The append gate keeps another batch
        // from storing an id between the look-up and the commit.
        using var transaction = connection.BeginTransaction();
        if (clientEvents.Count > 0)
        {
            var stored = StoredIds(connection, clientEvents, cancellationToken);
            if (stored.Count > 0)
            {
                events = events.Where(e => !stored.Contains(e.Id)).ToList();
            }
        }

        if (events.Count > 0)
        {
            using var appender = connection.CreateAppender(_database.Catalog, _options.Schema, "events");
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

        cancellationToken.ThrowIfCancellationRequested();
        transaction.Commit();
    }

    /// <summary>
    /// The ids of <paramref name="clientEvents"/> already stored with a time within <see cref="DeduplicationWindow"/> of
    /// the incoming event's. The events table has no index on id (see 0001_events.sql), so the look-up is bounded by
    /// time: the batch's ids go to a temporary table and are joined exactly against the events of the batch's time
    /// ranges, which DuckDB's per-row-group time statistics prune to a few row groups. Whatever ids arrive, a write
    /// reads at most the events within the window of its own events' times, never the whole table (issue 13).
    /// </summary>
    private HashSet<Guid> StoredIds(DuckDBConnection connection, List<AnalyticsEvent> clientEvents, CancellationToken cancellationToken)
    {
        // A few ids go in as parameters of a VALUES list; more into a temporary table, whose DDL costs a few ms.
        var inline = clientEvents.Count <= InlineIdLimit;
        var incoming = inline ? InlineIds(clientEvents.Count) : "temp.main.incoming_ids i";
        var parameters = new List<(string Name, object? Value)>(inline ? (2 * clientEvents.Count) + 2 : 2);
        if (inline)
        {
            for (var i = 0; i < clientEvents.Count; i++)
            {
                parameters.Add(("i" + i.ToString(CultureInfo.InvariantCulture), clientEvents[i].Id));
                parameters.Add(("t" + i.ToString(CultureInfo.InvariantCulture), clientEvents[i].Time.UtcDateTime));
            }
        }
        else
        {
            DuckDbCommands.Execute(connection, "CREATE OR REPLACE TEMP TABLE incoming_ids (id UUID NOT NULL, time TIMESTAMP NOT NULL)", cancellationToken);
            using var appender = connection.CreateAppender("temp", "main", "incoming_ids");
            foreach (var e in clientEvents)
            {
                appender.CreateRow().AppendValue(e.Id).AppendValue(e.Time.UtcDateTime).EndRow();
            }

            appender.Close();
        }

        var window = (long)DeduplicationWindow.TotalSeconds;
        var sql = $"""
            SELECT DISTINCT i.id
            FROM {incoming} JOIN {EventsTable} e ON e.id = i.id
            WHERE e.time BETWEEN $from AND $to
              AND e.time BETWEEN i.time - INTERVAL {window} SECOND AND i.time + INTERVAL {window} SECOND
            """;
        var stored = new HashSet<Guid>();
        foreach (var (from, to) in DeduplicationRanges(clientEvents))
        {
            stored.UnionWith(DuckDbCommands.Query(
                connection,
                sql,
                reader => reader.GetGuid(0),
                [.. parameters, ("from", from), ("to", to)],
                cancellationToken));
        }

        if (!inline)
        {
            DuckDbCommands.Execute(connection, "DROP TABLE temp.main.incoming_ids", cancellationToken);
        }

        return stored;
    }

    // (VALUES ($i0, $t0), ($i1, $t1), ...) AS i(id, time)
    private static string InlineIds(int count) =>
        "(VALUES " + string.Join(", ", Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"($i{i}::UUID, $t{i}::TIMESTAMP)"))) + ") AS i(id, time)";

    /// <summary>
    /// The time ranges the look-up reads: each event's time plus and minus the window, overlapping ranges merged, so
    /// that a batch whose times lie far apart (client timestamps) reads around each of them, not everything between.
    /// </summary>
    internal static List<(DateTime From, DateTime To)> DeduplicationRanges(IEnumerable<AnalyticsEvent> events)
    {
        var ranges = new List<(DateTime From, DateTime To)>();
        foreach (var time in events.Select(e => e.Time.UtcDateTime).Order())
        {
            var from = time - DeduplicationWindow;
            var to = time + DeduplicationWindow;
            if (ranges.Count > 0 && from <= ranges[^1].To)
            {
                ranges[^1] = (ranges[^1].From, to);
            }
            else
            {
                ranges.Add((from, to));
            }
        }

        return ranges;
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
