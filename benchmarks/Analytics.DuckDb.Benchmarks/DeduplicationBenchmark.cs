using System.Diagnostics;
using System.Globalization;
using Analytics;
using Analytics.Events;
using Analytics.Storage.DuckDb;
using DuckDB.NET.Data;

/// <summary>
/// The cost of one write with client ids (issue 13): the store's de-duplication look-up (ids joined exactly within
/// the window around the events' times) against the one it replaced (append, then delete the copies found by
/// <c>row_number() OVER (PARTITION BY id)</c> over <c>id BETWEEN lowest AND highest</c>), alternating, in one process
/// on one file. Both append and commit each batch (new ids every run, so the table grows by a few rows).
/// </summary>
internal static class DeduplicationBenchmark
{
    public static async Task RunAsync(int total, int runs)
    {
        var directory = Path.Combine(Path.GetTempPath(), "analytics-dedup-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "dedup.duckdb");
        var now = DateTimeOffset.UtcNow;
        try
        {
            var store = new DuckDbEventStore(path, new AnalyticsOptions { Retention = TimeSpan.FromDays(3650) });
            await store.EnsureSchemaAsync(CancellationToken.None);
            var random = new Random(13);
            var start = now.AddDays(-90);
            var load = Stopwatch.StartNew();
            for (var done = 0; done < total;)
            {
                var count = Math.Min(100_000, total - done);
                var batch = new List<AnalyticsEvent>(count);
                for (var i = 0; i < count; i++, done++)
                {
                    var time = start.AddTicks(TimeSpan.FromDays(90).Ticks / total * done);
                    batch.Add(Event(Guid.CreateVersion7(time), time, random) with { IdAssignedByServer = true });
                }

                await store.AppendAsync(batch, CancellationToken.None);
            }

            Console.WriteLine($"De-duplication benchmark: {total:N0} events (UUIDv7, 90 days, time order) loaded in {load.Elapsed.TotalSeconds:F0} s; {runs} runs per case, medians; {Environment.ProcessorCount} CPUs, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            using var connection = new DuckDBConnection($"DataSource={path}");
            connection.Open();

            var serial = 0;
            List<AnalyticsEvent> Extreme()
            {
                serial++;
                return
                [
                    Event(Guid.Parse($"00000000-0000-0000-0000-{serial:x12}"), now, random),
                    Event(Guid.Parse($"ffffffff-ffff-ffff-ffff-{0xffffffffffffL - serial:x12}"), now, random),
                ];
            }

            List<AnalyticsEvent> V4(int count) => [.. Enumerable.Range(0, count).Select(_ => Event(Guid.NewGuid(), now, random))];
            List<AnalyticsEvent> Spread() => [Event(Guid.NewGuid(), now, random), Event(Guid.NewGuid(), now.AddDays(-85), random)];

            await CompareAsync("two ids, 00000000-...-01 and ffffffff-...-ff", Extreme, store, connection, runs);
            await CompareAsync("100 UUIDv4 client ids", () => V4(100), store, connection, runs);
            await CompareAsync("one UUIDv4 client id", () => V4(1), store, connection, runs);
            await CompareAsync("two UUIDv4 ids, timestamps now and 85 days ago", Spread, store, connection, runs);
            await store.DisposeAsync();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task CompareAsync(string name, Func<List<AnalyticsEvent>> batch, DuckDbEventStore store, DuckDBConnection connection, int runs)
    {
        var before = new List<double>();
        var after = new List<double>();
        for (var run = 0; run < runs + 1; run++)
        {
            var clock = Stopwatch.StartNew();
            Replaced(connection, batch());
            var old = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            await store.AppendAsync(batch(), CancellationToken.None);
            var current = clock.Elapsed.TotalMilliseconds;
            if (run > 0)
            {
                // The first run of each warms both paths.
                before.Add(old);
                after.Add(current);
            }
        }

        var (b, a) = (Median(before), Median(after));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-50} replaced {b,9:F1} ms | store now {a,7:F1} ms | ratio {b / a,7:F1}x"));
    }

    // The append and de-duplicating delete the store ran before issue 13, as it committed them.
    private static void Replaced(DuckDBConnection connection, List<AnalyticsEvent> events)
    {
        using var transaction = connection.BeginTransaction();
        using (var appender = connection.CreateAppender("dedup", "analytics", "events"))
        {
            foreach (var e in events)
            {
                DuckDbEventColumns.Append(appender, e);
            }

            appender.Close();
        }

        var ids = events.Select(e => e.Id).Order(Comparer<Guid>.Create((x, y) => string.CompareOrdinal(x.ToString(), y.ToString()))).ToList();
        using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM dedup.analytics.events WHERE rowid IN (
                SELECT rowid FROM (
                    SELECT rowid, row_number() OVER (PARTITION BY id ORDER BY rowid) AS copy
                    FROM dedup.analytics.events WHERE id BETWEEN $lowest AND $highest)
                WHERE copy > 1)
            """;
        command.Parameters.Add(new DuckDBParameter("lowest", ids[0]));
        command.Parameters.Add(new DuckDBParameter("highest", ids[^1]));
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    private static AnalyticsEvent Event(Guid id, DateTimeOffset time, Random random) => new()
    {
        Id = id,
        Time = new DateTimeOffset(time.UtcTicks / 10 * 10, TimeSpan.Zero),
        Site = "bench.test",
        Page = "/page/" + random.Next(50).ToString(CultureInfo.InvariantCulture),
        OperatingSystem = "Windows",
        Duration = random.Next(600),
    };

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }
}
