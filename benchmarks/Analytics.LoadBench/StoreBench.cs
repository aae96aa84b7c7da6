using System.Diagnostics;
using System.Globalization;
using Analytics.Events;
using Analytics.Storage.PostgreSql;
using Npgsql;

namespace Analytics.LoadBench;

/// <summary>
/// The database side of ingest, without HTTP. <c>copy</c> is the ceiling: one binary COPY of the rows straight into
/// an events table created by the store itself (same columns, partitions and indexes), no staging, no
/// de-duplication. <c>store</c> appends the same kind of rows through <see cref="PostgreSqlEventStore.AppendAsync"/>
/// in the writer's batches (4,096 events, two in flight), so store/copy is what the store's write path costs.
/// </summary>
internal static class StoreBench
{
    private const int BatchSize = 4096;
    private const int WritesInFlight = 2;

    public static async Task<int> RunCopyAsync(string connectionString, int rows)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await PrepareAsync(dataSource, "copy_ceiling");
        var events = Generate(rows);
        var copy = $"COPY copy_ceiling.events ({PostgreSqlEventColumns.List()}) FROM STDIN (FORMAT BINARY)";
        var stopwatch = Stopwatch.StartNew();
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var writer = await connection.BeginBinaryImportAsync(copy))
        {
            foreach (var e in events)
            {
                await writer.StartRowAsync();
                foreach (var column in PostgreSqlEventColumns.All)
                {
                    await column.WriteAsync(writer, e, CancellationToken.None);
                }
            }

            await writer.CompleteAsync();
        }

        Report("copy_rows_per_second", rows, stopwatch.Elapsed);
        await DropAsync(dataSource, "copy_ceiling");
        return 0;
    }

    public static async Task<int> RunStoreAsync(string connectionString, int rows)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var store = await PrepareAsync(dataSource, "store_bench");
        var batches = Generate(rows).Chunk(BatchSize).ToArray();
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, WritesInFlight).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < batches.Length; i = Interlocked.Increment(ref next))
            {
                await store.AppendAsync(batches[i], CancellationToken.None);
            }
        }));
        Report("store_rows_per_second", rows, stopwatch.Elapsed);
        await DropAsync(dataSource, "store_bench");
        return 0;
    }

    private static async Task<PostgreSqlEventStore> PrepareAsync(NpgsqlDataSource dataSource, string schema)
    {
        await DropAsync(dataSource, schema);
        var store = new PostgreSqlEventStore(dataSource, new AnalyticsOptions { Schema = schema, Partitioning = PartitioningMode.Native });
        await store.EnsureSchemaAsync(CancellationToken.None);
        await store.RunMaintenanceAsync(CancellationToken.None);
        return store;
    }

    private static async Task DropAsync(NpgsqlDataSource dataSource, string schema)
    {
        await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
        await drop.ExecuteNonQueryAsync();
    }

    // Rows as the service stores them: every column filled as a browser's page view fills it.
    private static AnalyticsEvent[] Generate(int rows)
    {
        const string userAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        var now = DateTimeOffset.UtcNow;
        return Enumerable.Range(0, rows).Select(i => new AnalyticsEvent
        {
            Id = Guid.CreateVersion7(now),
            IdAssignedByServer = true,
            Time = now,
            Page = "/p" + (i % 50).ToString(CultureInfo.InvariantCulture),
            UserAgent = userAgent,
            IpAddress = "192.168.0.0",
            Referrer = "https://www.google.com/",
            SessionId = "abc123",
            Duration = i % 60,
            OperatingSystem = "Windows",
            OsVersion = "10",
            Browser = "Chrome",
            BrowserVersion = "131",
            DeviceType = "desktop",
            Hostname = "shop.test",
            ReferrerHost = "google.com",
            ReferrerSource = "search",
            VisitorId = i % 5000,
        }).ToArray();
    }

    private static void Report(string name, int rows, TimeSpan elapsed) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {rows / elapsed.TotalSeconds:0}"));
}
