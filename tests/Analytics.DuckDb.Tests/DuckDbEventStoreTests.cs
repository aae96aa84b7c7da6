using Analytics.Storage;
using Analytics.Storage.DuckDb;
using Analytics.Testing;
using DuckDB.NET.Data;

namespace Analytics.DuckDb.Tests;

/// <summary>The store contract on a real DuckDB file (one per test), plus what only the embedded store has: one owning process, the file itself.</summary>
public sealed class DuckDbEventStoreTests : EventStoreContract
{
    private readonly List<DuckDbEventStore> _stores = [];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "analytics-duckdb-tests", Guid.NewGuid().ToString("N"));

    private string FilePath => Path.Combine(_directory, "analytics.duckdb");

    public override async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    protected override Task<IEventStore> OpenStoreAsync(AnalyticsOptions options) => Task.FromResult<IEventStore>(Open(options));

    private DuckDbEventStore Open(AnalyticsOptions? options = null, string? path = null)
    {
        var store = new DuckDbEventStore(path ?? FilePath, options ?? new AnalyticsOptions(), Clock);
        _stores.Add(store);
        return store;
    }

    private async Task<DuckDbEventStore> OpenReadyAsync(AnalyticsOptions? options = null)
    {
        var store = Open(options);
        await store.EnsureSchemaAsync(CancellationToken.None);
        await store.RunMaintenanceAsync(CancellationToken.None);
        return store;
    }

    private async Task<(int ExitCode, string Page)> GetPageInNewProcessAsync(Guid id)
    {
        var (exitCode, output) = await SecondProcess.RunAsync("get", FilePath, id.ToString());
        return (exitCode, output.Trim());
    }

    private static object? Scalar(string path, string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Fact]
    public async Task A_stats_query_past_Analytics_QueryTimeout_is_interrupted_and_reported_as_unavailable()
    {
        // Below the one second the options validator allows, which only a store built in code can have: a million
        // page views in sessions of four take DuckDB far longer than this to derive visits from. Whether the
        // timeout comes before the statement begins (DuckDB would drop that interrupt) or while it runs, it is a timeout.
        var store = await OpenReadyAsync(new AnalyticsOptions { QueryTimeout = TimeSpan.FromMilliseconds(50) });
        for (var batch = 0; batch < 10; batch++)
        {
            var events = Enumerable.Range(batch * 100_000, 100_000).Select(i => Event(Now.AddSeconds(-(i % 86_400)), "/p" + (i % 500)) with
            {
                Id = Guid.CreateVersion7(Now.AddSeconds(-(i % 86_400))),
                Site = "timeout.test",
                VisitorId = i / 4,
                SessionId = "s" + (i / 4),
                IdAssignedByServer = true,
            }).ToList();
            await store.AppendAsync(events, CancellationToken.None);
        }

        var query = new Querying.Stats.StatsQuery
        {
            Site = "timeout.test",
            From = Now.AddDays(-2),
            To = Now.AddDays(1),
            Metrics = [Querying.Stats.StatsMetric.Visitors, Querying.Stats.StatsMetric.BounceRate, Querying.Stats.StatsMetric.VisitDuration],
            Dimensions = [Querying.Stats.StatsDimension.Find("visit:exit_page")!],
        };

        var failure = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.QueryStatsAsync(query, CancellationToken.None));
        Assert.Contains("Analytics:QueryTimeout", failure.Message, StringComparison.Ordinal);
        Assert.IsType<OperationCanceledException>(failure.InnerException);

        // The interrupted statement left the store usable.
        var stored = Event(Now);
        await store.AppendAsync([stored], CancellationToken.None);
        Assert.Equal(stored.Id, (await store.GetAsync(stored.Id, CancellationToken.None))?.Id);
    }

    [Fact]
    public async Task A_second_process_opening_the_file_is_refused_with_a_message_naming_the_file_and_postgresql()
    {
        var store = await OpenReadyAsync();
        var stored = Event(Now);
        await store.AppendAsync([stored], CancellationToken.None);

        var (exitCode, output) = await SecondProcess.RunAsync("open", FilePath);

        Assert.Equal(1, exitCode);
        Assert.Contains(typeof(InvalidOperationException).FullName!, output, StringComparison.Ordinal);
        Assert.Contains(FilePath, output, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", output, StringComparison.Ordinal);
        // The refused process changed nothing: the owner goes on, and the file reopens intact. Reopened in a new
        // process, which reads the file from disk: within one process DuckDB.NET would share the open instance.
        var later = Event(Now.AddSeconds(1), page: "/later");
        await store.AppendAsync([later], CancellationToken.None);
        await store.DisposeAsync();
        Assert.Equal((0, "/a"), await GetPageInNewProcessAsync(stored.Id));
        Assert.Equal((0, "/later"), await GetPageInNewProcessAsync(later.Id));
    }

    [Fact]
    public async Task Opening_a_file_another_process_holds_throws_invalid_operation_naming_the_file()
    {
        await using var holder = await SecondProcess.HoldAsync(FilePath);
        var store = Open();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => store.EnsureSchemaAsync(CancellationToken.None));

        Assert.Contains(FilePath, ex.Message, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", ex.Message, StringComparison.Ordinal);
        Assert.Contains("another process", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_store_opens_the_file_once_the_other_process_has_let_it_go()
    {
        var store = Open();
        await using (await SecondProcess.HoldAsync(FilePath))
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => store.PingAsync(CancellationToken.None));
        }

        await store.EnsureSchemaAsync(CancellationToken.None);
        await store.PingAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Disposing_checkpoints_so_the_file_alone_holds_the_events()
    {
        var store = await OpenReadyAsync();
        var stored = Event(Now);
        await store.AppendAsync([stored], CancellationToken.None);

        await store.DisposeAsync();

        Assert.True(File.Exists(FilePath));
        Assert.False(File.Exists(FilePath + ".wal"));
        Assert.Equal(1L, Scalar(FilePath, "SELECT count(*) FROM analytics.analytics.events"));
    }

    [Fact]
    public async Task A_file_whose_schema_was_just_created_still_opens_after_its_process_is_killed()
    {
        // DuckDB cannot replay the ALTER TABLE ADD COLUMN of a migration from its write-ahead log once the table has a
        // default that calls a function: a process killed before its next checkpoint left a file that did not open.
        Directory.CreateDirectory(_directory);
        await using (var holder = await SecondProcess.HoldAsync(FilePath))
        {
            await holder.KillAsync();
        }

        await using var store = new DuckDbEventStore(FilePath, new AnalyticsOptions());
        await store.EnsureSchemaAsync(CancellationToken.None);
        await store.PingAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Retention_deletes_expired_events_and_gives_their_space_back()
    {
        var store = await OpenReadyAsync(new AnalyticsOptions { Retention = TimeSpan.FromDays(10) });
        // What the schema alone takes (its tables and their indexes, checkpointed), which no retention can give back.
        var empty = new FileInfo(FilePath).Length;
        var start = Now.AddDays(-2);
        for (var batch = 0; batch < 10; batch++)
        {
            var events = Enumerable.Range(0, 10_000)
                .Select(i => Event(start.AddSeconds((batch * 10_000) + i), $"/page/{i % 100}", i % 2 == 0 ? Windows : MacOS, i % 60))
                .ToList();
            await store.AppendAsync(events, CancellationToken.None);
        }

        await store.RunMaintenanceAsync(CancellationToken.None);
        var full = new FileInfo(FilePath).Length;

        Clock.Advance(TimeSpan.FromDays(20));
        await store.RunMaintenanceAsync(CancellationToken.None);

        var rows = await store.AggregateAsync(Query("1 month", start.AddDays(-40), Clock.GetUtcNow()), CancellationToken.None);
        Assert.Empty(rows);
        var emptied = new FileInfo(FilePath).Length;
        Assert.True(emptied - empty < (full - empty) / 2, $"The file kept {emptied} of {full} bytes after every event expired ({empty} when empty).");
    }

    [Fact]
    public async Task The_exported_script_creates_a_file_the_store_can_use_without_bootstrapping()
    {
        var store = Open(new AnalyticsOptions { ApplySchemaOnStartup = false });
        var script = store.ExportSchemaScript();
        Assert.Contains("CREATE TABLE", script, StringComparison.Ordinal);
        Directory.CreateDirectory(_directory);
        Scalar(FilePath, script + "\nSELECT 1;");

        await store.RunMaintenanceAsync(CancellationToken.None);
        var stored = Event(Now);
        await store.AppendAsync([stored], CancellationToken.None);

        Assert.Equal(stored, await store.GetAsync(stored.Id, CancellationToken.None));
        // Bootstrapping afterwards finds nothing to do.
        await store.EnsureSchemaAsync(CancellationToken.None);
        await store.DisposeAsync();
        Assert.Equal((long)DuckDbSchemaScripts.LatestVersion, Scalar(FilePath, "SELECT count(*) FROM analytics.analytics.schema_versions"));
    }

    [Fact]
    public async Task A_version_2_file_upgrades_in_place_and_its_old_events_read_as_unknown_source_without_visitor()
    {
        Directory.CreateDirectory(_directory);
        const string qualified = "analytics.analytics";
        var setup = new List<string> { DuckDbSchemaScripts.VersionTable(qualified) };
        foreach (var script in DuckDbSchemaScripts.For(qualified).Where(s => s.Version <= 2))
        {
            setup.Add(script.Sql);
            setup.Add($"INSERT INTO {qualified}.schema_versions (version, name) VALUES ({script.Version}, '{script.Name}')");
        }

        var id = Guid.CreateVersion7(Now);
        setup.Add($"INSERT INTO {qualified}.events (id, time, page, referrer, operating_system) VALUES ('{id}', TIMESTAMP '{Now.UtcDateTime:yyyy-MM-dd HH:mm:ss}', '/old', 'https://example.com/', 'Windows')");
        Scalar(FilePath, string.Join(";\n", setup));

        var store = await OpenReadyAsync();
        var old = await store.GetAsync(id, CancellationToken.None);
        var fresh = Event(Now.AddMinutes(1));
        await store.AppendAsync([fresh], CancellationToken.None);

        Assert.Equal(("unknown", null, null), (old!.ReferrerSource, old.ReferrerHost, old.VisitorId));
        Assert.Equal(fresh, await store.GetAsync(fresh.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_schema_newer_than_the_code_is_refused_with_advice()
    {
        var store = await OpenReadyAsync();
        await store.DisposeAsync();
        Scalar(FilePath, "INSERT INTO analytics.analytics.schema_versions (version, name) VALUES (999, '0999_future')");

        var ex = await Assert.ThrowsAsync<SchemaVersionException>(() => Open().EnsureSchemaAsync(CancellationToken.None));

        Assert.Contains("999", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Upgrade", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Maintenance_without_a_schema_says_how_to_create_it()
    {
        var store = Open(new AnalyticsOptions { ApplySchemaOnStartup = false });

        var ex = await Assert.ThrowsAsync<SchemaVersionException>(() => store.RunMaintenanceAsync(CancellationToken.None));

        Assert.Contains("ApplySchemaOnStartup", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_schema_name_comes_from_the_options()
    {
        var store = await OpenReadyAsync(new AnalyticsOptions { Schema = "stats" });
        await store.AppendAsync([Event(Now)], CancellationToken.None);
        await store.DisposeAsync();

        Assert.Equal(1L, Scalar(FilePath, "SELECT count(*) FROM analytics.stats.events"));
    }

    [Fact]
    public void An_invalid_schema_name_is_refused_before_any_sql()
    {
        Assert.Throws<ArgumentException>(() => Open(new AnalyticsOptions { Schema = "x\"; DROP TABLE y; --" }));
    }

    [Fact]
    public async Task The_description_names_duckdb_and_the_full_path_of_the_file()
    {
        var store = Open(path: Path.Combine(_directory, "sub", "..", "stats.duckdb"));

        Assert.Equal($"DuckDB ({Path.Combine(_directory, "stats.duckdb")})", store.Description);
        await store.EnsureSchemaAsync(CancellationToken.None);
        Assert.True(File.Exists(Path.Combine(_directory, "stats.duckdb")));
    }

    [Fact]
    public async Task The_directory_of_the_file_is_created_when_the_store_first_opens_it()
    {
        var nested = Path.Combine(_directory, "a", "b", "analytics.duckdb");
        var store = Open(path: nested);
        Assert.False(Directory.Exists(Path.GetDirectoryName(nested)));

        await store.EnsureSchemaAsync(CancellationToken.None);

        Assert.True(File.Exists(nested));
    }

    [Fact]
    public async Task A_path_that_cannot_be_opened_is_reported_as_unavailable()
    {
        Directory.CreateDirectory(FilePath); // a directory where the file should be
        var store = Open();

        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.PingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_batch_with_an_id_already_stored_stores_the_rest_and_keeps_the_first_event_of_that_id()
    {
        var store = await OpenReadyAsync();
        var first = Event(Now.AddMinutes(-10));
        await store.AppendAsync([first], CancellationToken.None);
        var fresh = Event(Now.AddMinutes(-5));

        await store.AppendAsync([fresh, first with { Time = Now.AddMinutes(-1), Page = "/retry" }], CancellationToken.None);

        Assert.Equal(fresh, await store.GetAsync(fresh.Id, CancellationToken.None));
        Assert.Equal(first, await store.GetAsync(first.Id, CancellationToken.None));
        var rows = await store.AggregateAsync(Query("1 day", Now.AddDays(-1), Now.AddDays(1)), CancellationToken.None);
        Assert.Equal(2, rows.Sum(r => r.Count));
    }

    [Fact]
    public async Task A_batch_with_the_lowest_and_highest_ids_is_stored_and_retried_once()
    {
        // These two ids once made the look-up span every stored id (issue 13); now it reads only the batch's times.
        var store = await OpenReadyAsync();
        var older = Enumerable.Range(0, 100).Select(i => Event(Now.AddDays(-10).AddMinutes(i))).ToList();
        await store.AppendAsync(older, CancellationToken.None);
        var lowest = Event(Now.AddMinutes(-2)) with { Id = Guid.Parse("00000000-0000-0000-0000-000000000001"), Page = "/low" };
        var highest = Event(Now.AddMinutes(-1)) with { Id = Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff"), Page = "/high" };

        await store.AppendAsync([lowest, highest], CancellationToken.None);
        await store.AppendAsync([highest with { Time = Now }, lowest with { Time = Now }], CancellationToken.None);

        Assert.Equal(lowest, await store.GetAsync(lowest.Id, CancellationToken.None));
        Assert.Equal(highest, await store.GetAsync(highest.Id, CancellationToken.None));
        Assert.Equal(102L, Scalar(FilePath, "SELECT count(*) FROM analytics.analytics.events"));
        Assert.Equal(102L, Scalar(FilePath, "SELECT count(DISTINCT id) FROM analytics.analytics.events"));
    }

    [Fact]
    public async Task A_backdated_client_event_retried_with_its_timestamp_is_stored_once()
    {
        var store = await OpenReadyAsync();
        var backdated = Event(Now.AddDays(-60), "/old");
        var recent = Event(Now.AddMinutes(-1), "/new");
        await store.AppendAsync([backdated, recent], CancellationToken.None);

        await store.AppendAsync([recent, backdated], CancellationToken.None);

        Assert.Equal(2L, Scalar(FilePath, "SELECT count(*) FROM analytics.analytics.events"));
    }

    [Fact]
    public async Task A_retry_within_the_window_is_stored_once_and_a_copy_a_window_later_is_a_new_event()
    {
        var store = await OpenReadyAsync();
        var first = Event(Now.AddDays(-3));
        await store.AppendAsync([first], CancellationToken.None);

        await store.AppendAsync([first with { Time = first.Time + DuckDbEventStore.DeduplicationWindow }], CancellationToken.None);
        Assert.Equal(1L, Scalar(FilePath, "SELECT count(*) FROM analytics.analytics.events"));

        // Documented (docs/duckdb-store.md): DuckDB keeps no id index, so an id is recognised within the window only.
        await store.AppendAsync([first with { Time = first.Time + DuckDbEventStore.DeduplicationWindow + TimeSpan.FromSeconds(1) }], CancellationToken.None);
        Assert.Equal(2L, Scalar(FilePath, "SELECT count(*) FROM analytics.analytics.events"));
    }

    [Fact]
    public void The_look_up_reads_around_each_event_time_and_merges_what_overlaps()
    {
        var window = DuckDbEventStore.DeduplicationWindow;
        var ranges = DuckDbEventStore.DeduplicationRanges(
            [Event(Now), Event(Now.AddDays(-60)), Event(Now.AddHours(-1)), Event(Now.AddDays(-60).AddMinutes(5))]);

        Assert.Equal(
            [
                (Now.AddDays(-60).UtcDateTime - window, Now.AddDays(-60).AddMinutes(5).UtcDateTime + window),
                (Now.AddHours(-1).UtcDateTime - window, Now.UtcDateTime + window),
            ],
            ranges);
    }

    [Fact]
    public async Task The_memory_limit_and_threads_are_set_on_the_database_from_the_options()
    {
        var options = new AnalyticsOptions();
        options.DuckDb.MemoryLimit = "256MiB";
        options.DuckDb.Threads = 1;
        var store = await OpenReadyAsync(options);
        await store.AppendAsync([Event(Now)], CancellationToken.None);

        Assert.Equal("256.0 MiB", Scalar(FilePath, "SELECT current_setting('memory_limit')"));
        Assert.Equal(1L, Convert.ToInt64(Scalar(FilePath, "SELECT current_setting('threads')"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task By_default_the_database_may_use_1_gib_and_the_cores_up_to_four()
    {
        var store = await OpenReadyAsync();
        await store.AppendAsync([Event(Now)], CancellationToken.None);

        Assert.Equal("1.0 GiB", Scalar(FilePath, "SELECT current_setting('memory_limit')"));
        Assert.Equal(
            (long)Math.Min(Environment.ProcessorCount, 4),
            Convert.ToInt64(Scalar(FilePath, "SELECT current_setting('threads')"), System.Globalization.CultureInfo.InvariantCulture));
        // Every query orders its answer itself; not keeping insertion order lets DuckDB use less memory.
        Assert.Equal(false, Scalar(FilePath, "SELECT current_setting('preserve_insertion_order')"));
    }

    [Fact]
    public void A_memory_limit_that_is_not_a_size_is_refused_before_any_sql()
    {
        var options = new AnalyticsOptions();
        options.DuckDb.MemoryLimit = "1GB'; DROP TABLE x; --";

        Assert.Throws<ArgumentException>(() => Open(options));
    }

    [Fact]
    public async Task A_large_batch_is_one_transaction_and_a_refused_row_at_its_end_rolls_all_of_it_back()
    {
        // 300k rows make the appender flush on its own before the end; only the transaction keeps those rows out.
        var store = await OpenReadyAsync();
        var stored = Event(Now.AddDays(-1));
        await store.AppendAsync([stored], CancellationToken.None);
        var events = Enumerable.Range(0, 300_000).Select(i => Event(Now.AddMilliseconds(-i))).ToList();
        events.Add(Event(Now) with { Duration = -1 });

        await Assert.ThrowsAsync<EventRejectedException>(() => store.AppendAsync(events, CancellationToken.None));

        Assert.Null(await store.GetAsync(events[1].Id, CancellationToken.None));
        var rows = await store.AggregateAsync(Query("1 month", Now.AddDays(-2), Now.AddDays(1)), CancellationToken.None);
        Assert.Equal(1, rows.Sum(r => r.Count));
    }

    [Fact]
    public async Task Concurrent_batches_naming_the_same_new_id_store_it_once()
    {
        var store = await OpenReadyAsync();
        var shared = Event(Now);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(
            () => store.AppendAsync([Event(Now.AddSeconds(-i - 1)), shared], CancellationToken.None))));

        var rows = await store.AggregateAsync(Query("1 day", Now.AddDays(-1), Now.AddDays(1)), CancellationToken.None);
        Assert.Equal(9, rows.Sum(r => r.Count));
        Assert.Equal(shared, await store.GetAsync(shared.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_appends_and_reads_from_many_threads_all_land()
    {
        var store = await OpenReadyAsync();

        await Task.WhenAll(Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            for (var batch = 0; batch < 10; batch++)
            {
                var events = Enumerable.Range(0, 50).Select(i => Event(Now.AddMinutes(-worker).AddSeconds(-(batch * 50) - i))).ToList();
                await store.AppendAsync(events, CancellationToken.None);
                await store.AggregateAsync(Query("1 hour", Now.AddDays(-1), Now.AddDays(1)), CancellationToken.None);
            }
        })));

        var rows = await store.AggregateAsync(Query("1 day", Now.AddDays(-1), Now.AddDays(1)), CancellationToken.None);
        Assert.Equal(16 * 10 * 50, rows.Sum(r => r.Count));
    }

    [Fact]
    public async Task A_range_of_centuries_in_a_dst_zone_gives_the_rows_of_a_short_range()
    {
        var store = await OpenReadyAsync(new AnalyticsOptions { TimeZone = "Europe/Berlin", Retention = TimeSpan.FromDays(400) });
        await store.AppendAsync(
        [
            Event(Utc(2026, 3, 28, 23, 30)),
            Event(Utc(2026, 3, 29, 21, 59)),
            Event(Utc(2026, 10, 25, 0, 30)),
            Event(Utc(2026, 10, 25, 1, 30)),
        ], CancellationToken.None);

        foreach (var width in new[] { "1 hour", "1 day", "1 month" })
        {
            var narrow = await store.AggregateAsync(Query(width, Utc(2026, 3, 1), Utc(2026, 11, 1)), CancellationToken.None);
            var wide = await store.AggregateAsync(Query(width, Utc(1900, 1, 1), Utc(2100, 1, 1)), CancellationToken.None);

            Assert.Equal(4, narrow.Sum(r => r.Count));
            Assert.Equal(narrow, wide);
        }

        Assert.Empty(await store.AggregateAsync(Query("1 day", Utc(1800, 1, 1), Utc(1900, 1, 1)), CancellationToken.None));
    }

    [Fact]
    public async Task A_cancelled_token_stops_the_operation_with_operation_canceled()
    {
        var store = await OpenReadyAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.AppendAsync([Event(Now)], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.AggregateAsync(Query("1 day", Now.AddDays(-1), Now), cancelled.Token));
    }
}
