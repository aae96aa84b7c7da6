using Analytics.Querying;
using Analytics.Querying.Stats;
using Analytics.Storage;
using Analytics.Storage.DuckDb;
using Analytics.Storage.PostgreSql;
using DuckDB.NET.Data;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Analytics.AggregateBenchmarks;

/// <summary>A database with its store (per reporting time zone) and a direct way to run the store's SQL.</summary>
internal interface IEngine : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Stored events and the latest event time, or (0, null) when there is no data.</summary>
    Task<(long Count, DateTime? Latest)> InspectAsync();

    /// <summary>Removes the benchmark's data and creates an empty schema, ready to append the data ending at <paramref name="endUtc"/>.</summary>
    Task ResetAsync(DateTime endUtc);

    /// <summary>Makes the data ready for reading once appended (partitions, statistics, checkpoint).</summary>
    Task FinishAsync();

    IEventStore Store(string zone);

    /// <summary>Registers analytics on this engine's data (UTC, the benchmark's schema) in a host's services.</summary>
    AnalyticsBuilder AddTo(IServiceCollection services);

    /// <summary>The store's SQL for a stats query (<c>StatsSql</c>), run directly, every row read as the store reads it.</summary>
    Task<List<StatsRow>> DirectStatsAsync(StatsQuery query);
}

internal static class Zones
{
    public static bool IsUtc(TimeZoneInfo zone) => zone.Id is "UTC" or "Etc/UTC" or "Etc/Universal" || zone.Equals(TimeZoneInfo.Utc);

    /// <summary>Every row of a stats statement, read as the stores read them.</summary>
    public static List<StatsRow> ReadRows(StatsSql sql, System.Data.IDataReader reader)
    {
        var rows = new List<StatsRow>();
        while (reader.Read())
        {
            if (sql.ReadRow(reader.GetValue, reader.FieldCount, out _) is { } row)
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    public static AnalyticsOptions Options(string zone)
    {
        var options = new AnalyticsOptions();
        Configure(options, zone);
        return options;
    }

    public static void Configure(AnalyticsOptions options, string zone)
    {
        options.Schema = "aggbench";
        options.TimeZone = zone;
        // Longer than the 90 days generated, so that maintenance never expires benchmark data.
        options.Retention = TimeSpan.FromDays(100);
        // The benchmark measures how long queries take, however long.
        options.QueryTimeout = TimeSpan.FromHours(1);
        // As the standalone service sets it: half the memory the process may use. The library's 1 GiB is too little for
        // the heaviest 90-day visit queries over 10M events (docs/duckdb-store.md).
        options.DuckDb.MemoryLimit = $"{Math.Max(1024, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2 / (1024 * 1024))}MiB";
    }
}

internal sealed class PostgreSqlEngine(string connectionString) : IEngine
{
    private const string Schema = "\"aggbench\"";
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);
    private readonly Dictionary<string, PostgreSqlEventStore> _stores = [];

    public string Name => "PostgreSQL";

    public AnalyticsBuilder AddTo(IServiceCollection services) => services.AddAnalytics(options =>
    {
        Zones.Configure(options, "UTC");
        options.ConnectionString = connectionString;
    });

    public IEventStore Store(string zone)
    {
        if (!_stores.TryGetValue(zone, out var store))
        {
            store = new PostgreSqlEventStore(_dataSource, Zones.Options(zone));
            _stores.Add(zone, store);
        }

        return store;
    }

    public async Task<(long Count, DateTime? Latest)> InspectAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('aggbench.events') IS NOT NULL", connection))
        {
            if (!(bool)(await exists.ExecuteScalarAsync())!)
            {
                return (0, null);
            }
        }

        // Data kept from an earlier run is upgraded to this code's schema before it is reused, as a service would.
        await Store("UTC").EnsureSchemaAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand($"SELECT count(*), max(time) FROM {Schema}.events", connection) { CommandTimeout = 600 };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetDateTime(1));
    }

    public async Task ResetAsync(DateTime endUtc)
    {
        await using (var drop = _dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        // Native partitioning keeps one partition per UTC day and creates them from "yesterday" to a week ahead of the
        // maintenance clock. Stepping that clock through the 90 days creates every day's partition before the
        // events arrive (as on a live site), instead of letting them pile up in the default partition.
        var clock = new SteppedClock();
        var options = Zones.Options("UTC");
        var store = new PostgreSqlEventStore(_dataSource, options, clock);
        await store.EnsureSchemaAsync(CancellationToken.None);
        for (var day = endUtc - EventGenerator.Span; day <= endUtc.AddDays(8); day = day.AddDays(8))
        {
            clock.Now = new DateTimeOffset(day.AddDays(1), TimeSpan.Zero);
            await store.RunMaintenanceAsync(CancellationToken.None);
        }

        _stores.Clear();
        await Store("UTC").EnsureSchemaAsync(CancellationToken.None);
    }

    public async Task FinishAsync()
    {
        await Store("UTC").RunMaintenanceAsync(CancellationToken.None);

        // As autovacuum would eventually: statistics for the planner and a visibility map for index-only scans.
        foreach (var table in new[] { "events", "event_ids" })
        {
            await using var vacuum = _dataSource.CreateCommand($"VACUUM (ANALYZE) {Schema}.{table}");
            vacuum.CommandTimeout = 1800;
            await vacuum.ExecuteNonQueryAsync();
        }
    }

    public async Task<List<StatsRow>> DirectStatsAsync(StatsQuery query)
    {
        var sql = StatsSql.Build(query, new PostgreSqlStatsDialect(Schema, Zones.IsUtc(query.TimeZone)));
        await using var connection = await _dataSource.OpenConnectionAsync();
        var explain = Environment.GetEnvironmentVariable("ANALYTICS_BENCH_EXPLAIN") == "1";
        await using var command = new NpgsqlCommand((explain ? "EXPLAIN (ANALYZE, BUFFERS) " : "") + sql.Text, connection) { CommandTimeout = 3600 };
        command.Parameters.AddWithValue(PostgreSqlStatsDialect.TimeZoneParameter, query.TimeZone.Id);
        foreach (var (name, value) in sql.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        if (explain)
        {
            await using var plan = await command.ExecuteReaderAsync();
            while (await plan.ReadAsync())
            {
                Console.WriteLine(plan.GetString(0));
            }

            Environment.Exit(0);
        }

        await using var reader = await command.ExecuteReaderAsync();
        return Zones.ReadRows(sql, reader);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private sealed class SteppedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

internal sealed class DuckDbEngine(string path) : IEngine
{
    private readonly string _path = Path.GetFullPath(path);
    private readonly Dictionary<string, DuckDbEventStore> _stores = [];
    private DuckDBConnection? _connection;

    public string Name => "DuckDB";

    public AnalyticsBuilder AddTo(IServiceCollection services) =>
        services.AddAnalytics(options => Zones.Configure(options, "UTC")).UseDuckDb(_path);

    private string QualifiedSchema => DuckDbCatalog(_path) + ".\"aggbench\"";

    public IEventStore Store(string zone)
    {
        if (!_stores.TryGetValue(zone, out var store))
        {
            store = new DuckDbEventStore(_path, Zones.Options(zone));
            _stores.Add(zone, store);
        }

        return store;
    }

    public async Task<(long Count, DateTime? Latest)> InspectAsync()
    {
        if (!File.Exists(_path))
        {
            return (0, null);
        }

        await Store("UTC").EnsureSchemaAsync(CancellationToken.None);
        using var command = Connection().CreateCommand();
        command.CommandText = $"SELECT count(*), max(time) FROM {QualifiedSchema}.events";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetDateTime(1));
    }

    public async Task ResetAsync(DateTime endUtc)
    {
        await CloseAsync();
        File.Delete(_path);
        File.Delete(_path + ".wal");
        await Store("UTC").EnsureSchemaAsync(CancellationToken.None);
    }

    public Task FinishAsync()
    {
        using var command = Connection().CreateCommand();
        command.CommandText = "CHECKPOINT";
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<List<StatsRow>> DirectStatsAsync(StatsQuery query)
    {
        var (scanFrom, scanTo) = StatsSql.ScanRange(query);
        var dialect = new DuckDbStatsDialect(QualifiedSchema + ".events", query.TimeZone, scanFrom.UtcDateTime, scanTo.UtcDateTime);
        var sql = StatsSql.Build(query, dialect);
        using var command = Connection().CreateCommand();
        command.CommandText = sql.Text;
        foreach (var (name, value) in sql.Parameters.Concat(dialect.TimelineParameters))
        {
            command.Parameters.Add(new DuckDBParameter(name, value));
        }

        using var reader = command.ExecuteReader();
        return Task.FromResult(Zones.ReadRows(sql, reader));
    }

    public ValueTask DisposeAsync() => new(CloseAsync());

    // The stores' database must be open first: the plain connection then shares its in-process instance.
    private DuckDBConnection Connection()
    {
        if (_connection is null)
        {
            Store("UTC").PingAsync(CancellationToken.None).GetAwaiter().GetResult();
            _connection = new DuckDBConnection(new DuckDBConnectionStringBuilder { DataSource = _path }.ConnectionString);
            _connection.Open();
        }

        return _connection;
    }

    private async Task CloseAsync()
    {
        _connection?.Dispose();
        _connection = null;
        foreach (var store in _stores.Values)
        {
            await store.DisposeAsync();
        }

        _stores.Clear();
    }

    // DuckDB names the catalog after the file up to its first dot (as DuckDbDatabase.QuotedCatalogFor does).
    private static string DuckDbCatalog(string path)
    {
        var name = Path.GetFileName(path);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return "\"" + (dot < 0 ? name : name[..dot]) + "\"";
    }
}
