using System.Diagnostics;
using System.Globalization;
using Analytics;
using Analytics.Events;
using Analytics.Querying;
using Analytics.Querying.Stats;
using Analytics.Storage.DuckDb;
using DuckDB.NET.Data;

// dotnet run -c Release --project benchmarks/Analytics.DuckDb.Benchmarks [-- EVENTS]
// Prints appender throughput (the store's transaction-around-appender, and a staging-table variant for comparison)
// and the day x page x OS aggregate through the store and as the same SQL on a connection of the same database.
// dotnet run -c Release --project benchmarks/Analytics.DuckDb.Benchmarks -- dedup [EVENTS [RUNS]]
// Times one write with client ids against the de-duplication it replaced (issue 13; docs/duckdb-store.md).
if (args is ["dedup", ..])
{
    await DeduplicationBenchmark.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3_000_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 15);
    return;
}

var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var directory = Path.Combine(Path.GetTempPath(), "analytics-duckdb-bench-" + Environment.ProcessId);
Directory.CreateDirectory(directory);
var now = new DateTimeOffset(2026, 3, 20, 12, 0, 0, TimeSpan.Zero);
var events = Generate(total, now);

Console.WriteLine($"DuckDB store benchmark: {total:N0} events, {Environment.ProcessorCount} logical CPUs, {DateTime.UtcNow:yyyy-MM-dd}");
try
{
    foreach (var batch in new[] { 1_000, 10_000, 100_000 })
    {
        var rate = await AppendThroughStoreAsync(Path.Combine(directory, $"append-{batch}.duckdb"), events, batch);
        var staged = AppendThroughStagingTable(Path.Combine(directory, $"staged-{batch}.duckdb"), events, batch);
        Console.WriteLine($"append, batches of {batch,7:N0}: store (transaction around appender) {rate,9:N0} rows/s | staging table + INSERT {staged,9:N0} rows/s");
    }

    var path = Path.Combine(directory, "append-100000.duckdb");
    Console.WriteLine($"file after {total:N0} events: {new FileInfo(path).Length / 1048576.0:F1} MiB");
    foreach (var zone in new[] { "UTC", "Europe/Berlin" })
    {
        await CompareAggregateAsync(path, zone, now);
    }

    await MeasureRetentionAsync(path, now);
}
finally
{
    Directory.Delete(directory, recursive: true);
}

static List<AnalyticsEvent> Generate(int count, DateTimeOffset now)
{
    var random = new Random(42);
    string[] systems = ["Windows", "macOS", "Linux", "iOS", "Android"];
    var span = TimeSpan.FromDays(90).Ticks;
    var start = now.AddDays(-90);
    return Enumerable.Range(0, count).Select(i =>
    {
        // Roughly time-ordered, as a live service appends.
        var time = start.AddTicks(span / count * i + random.Next(1_000_000));
        return new AnalyticsEvent
        {
            Id = Guid.CreateVersion7(time),
            Time = new DateTimeOffset(time.UtcTicks / 10 * 10, TimeSpan.Zero),
            Page = "/page/" + random.Next(50).ToString(CultureInfo.InvariantCulture),
            UserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
            IpAddress = "192.0.2." + random.Next(255).ToString(CultureInfo.InvariantCulture),
            Referrer = random.Next(3) == 0 ? null : "https://example.com/",
            SessionId = "s-" + random.Next(100_000).ToString(CultureInfo.InvariantCulture),
            Duration = random.Next(5) == 0 ? null : random.Next(600),
            OperatingSystem = systems[random.Next(systems.Length)],
        };
    }).ToList();
}

static async Task<double> AppendThroughStoreAsync(string path, List<AnalyticsEvent> events, int batch)
{
    var store = new DuckDbEventStore(path, new AnalyticsOptions());
    await store.EnsureSchemaAsync(CancellationToken.None);
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < events.Count; i += batch)
    {
        await store.AppendAsync(events.GetRange(i, Math.Min(batch, events.Count - i)), CancellationToken.None);
    }

    await store.DisposeAsync(); // includes the checkpoint that writes the rows into the file
    return events.Count / clock.Elapsed.TotalSeconds;
}

static async Task MeasureRetentionAsync(string path, DateTimeOffset now)
{
    // Thirty of the ninety days expire.
    var store = new DuckDbEventStore(path, new AnalyticsOptions { Retention = TimeSpan.FromDays(60) }, new FixedClock(now));
    await store.EnsureSchemaAsync(CancellationToken.None);
    var before = new FileInfo(path).Length;
    var clock = Stopwatch.StartNew();
    await store.RunMaintenanceAsync(CancellationToken.None);
    var elapsed = clock.Elapsed.TotalMilliseconds;
    await store.DisposeAsync();
    Console.WriteLine($"retention: delete a third of the events + checkpoint {elapsed:F0} ms; file {before / 1048576.0:F1} MiB -> {new FileInfo(path).Length / 1048576.0:F1} MiB");
}

// The alternative to the store's design: append into an unindexed temporary table, then INSERT ... SELECT in a transaction.
static double AppendThroughStagingTable(string path, List<AnalyticsEvent> events, int batch)
{
    using (var store = new DuckDbEventStore(path, new AnalyticsOptions()))
    {
        store.EnsureSchemaAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    using var connection = new DuckDBConnection($"Data Source={path}");
    connection.Open();
    var catalog = Path.GetFileNameWithoutExtension(path);
    Execute(connection, $"CREATE TEMP TABLE staging AS SELECT * FROM \"{catalog}\".analytics.events LIMIT 0");
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < events.Count; i += batch)
    {
        using (var appender = connection.CreateAppender("temp", "main", "staging"))
        {
            foreach (var e in events.GetRange(i, Math.Min(batch, events.Count - i)))
            {
                appender.CreateRow().AppendValue(e.Id).AppendValue(e.Time.UtcDateTime).AppendValue(e.Page).AppendValue(e.UserAgent)
                    .AppendValue(e.IpAddress).AppendValue(e.Referrer).AppendValue(e.SessionId).AppendValue(e.Duration).AppendValue(e.OperatingSystem).EndRow();
            }
        }

        using var transaction = connection.BeginTransaction();
        Execute(connection, $"INSERT INTO \"{catalog}\".analytics.events SELECT * FROM staging");
        transaction.Commit();
        Execute(connection, "DELETE FROM staging");
    }

    Execute(connection, "CHECKPOINT");
    return events.Count / clock.Elapsed.TotalSeconds;
}

static async Task CompareAggregateAsync(string path, string zone, DateTimeOffset now)
{
    var options = new AnalyticsOptions { TimeZone = zone };
    await using var store = new DuckDbEventStore(path, options);
    await store.EnsureSchemaAsync(CancellationToken.None);
    Assert(TimeBucketWidth.TryParse("1 day", out var day, out _));
    var query = new AggregateQuery { Width = day, From = now.AddDays(-91), To = now };

    // The SQL and parameters the store builds for this query (StatsSql), run on a plain connection to the same database.
    var statsQuery = AggregateStats.ToStatsQuery(query, TimeZoneInfo.FindSystemTimeZoneById(zone));
    var (scanFrom, scanTo) = StatsSql.ScanRange(statsQuery);
    var catalog = Path.GetFileNameWithoutExtension(path);
    var dialect = new DuckDbStatsDialect($"\"{catalog}\".\"analytics\".events", statsQuery.TimeZone, scanFrom.UtcDateTime, scanTo.UtcDateTime);
    var sql = StatsSql.Build(statsQuery, dialect);
    using var connection = new DuckDBConnection($"Data Source={path}");
    connection.Open();

    var rows = 0;
    var storeTimes = Measure(() => rows = store.AggregateAsync(query, CancellationToken.None).GetAwaiter().GetResult().Count);
    var directTimes = Measure(() =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql.Text;
        foreach (var (name, value) in sql.Parameters.Concat(dialect.TimelineParameters))
        {
            command.Parameters.Add(new DuckDBParameter(name, value));
        }

        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            _ = sql.ReadRow(reader.GetValue, reader.FieldCount, out _);
        }
    });
    Console.WriteLine(
        $"aggregate 1 day x page x OS, {zone,-13} ({rows:N0} rows): store median {Median(storeTimes):F1} ms (min {storeTimes.Min():F1}) | " +
        $"same SQL on a connection median {Median(directTimes):F1} ms (min {directTimes.Min():F1})");
}

static List<double> Measure(Action action)
{
    for (var i = 0; i < 3; i++)
    {
        action();
    }

    var times = new List<double>();
    for (var i = 0; i < 15; i++)
    {
        var clock = Stopwatch.StartNew();
        action();
        times.Add(clock.Elapsed.TotalMilliseconds);
    }

    return times;
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static void Execute(DuckDBConnection connection, string sql)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    command.ExecuteNonQuery();
}

static void Assert(bool condition)
{
    if (!condition)
    {
        throw new InvalidOperationException("Benchmark set-up failed.");
    }
}

/// <summary>A clock stopped at the benchmark's "now", so retention keeps the generated events.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
