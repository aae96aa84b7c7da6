using Analytics.Storage;
using Analytics.Storage.PostgreSql;
using Analytics.Testing;
using Npgsql;

namespace Analytics.Core.Tests.Storage;

/// <summary>The store contract on a real PostgreSQL server, plus what only PostgreSQL has: partitions and the schema bootstrapper.</summary>
public sealed class PostgreSqlEventStoreTests : EventStoreContract
{
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private TestSchema _schema = null!;

    public override async Task InitializeAsync() => _schema = await TestSchema.CreateAsync("store");

    public override async Task DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        await _schema.DisposeAsync();
    }

    protected override Task<IEventStore> OpenStoreAsync(AnalyticsOptions options) => Task.FromResult<IEventStore>(OpenPostgreSql(options));

    private PostgreSqlEventStore OpenPostgreSql(AnalyticsOptions? options = null, string? connectionString = null)
    {
        options ??= new AnalyticsOptions();
        options.Schema = _schema.Name;
        options.Partitioning = PartitioningMode.Native;
        var dataSource = NpgsqlDataSource.Create(connectionString ?? _schema.ConnectionString);
        _dataSources.Add(dataSource);
        return new PostgreSqlEventStore(dataSource, options, Clock);
    }

    private static HashSet<DateOnly> Days(DateOnly first, DateOnly last) =>
        Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(first.AddDays).ToHashSet();

    [Fact]
    public async Task Maintenance_keeps_yesterday_today_and_the_days_ahead_partitioned()
    {
        var store = OpenPostgreSql(new AnalyticsOptions { PartitionsAhead = 3 });
        await store.EnsureSchemaAsync(CancellationToken.None);

        await store.RunMaintenanceAsync(CancellationToken.None);

        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        Assert.Equal(Days(today.AddDays(-1), today.AddDays(3)), await store.ListPartitionDaysAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Maintenance_drops_expired_partitions_and_creates_new_ones_as_the_clock_moves()
    {
        var store = OpenPostgreSql(new AnalyticsOptions { PartitionsAhead = 2, Retention = TimeSpan.FromDays(5) });
        await store.EnsureSchemaAsync(CancellationToken.None);
        await store.RunMaintenanceAsync(CancellationToken.None);
        var expired = Event(Now);
        await store.AppendAsync([expired], CancellationToken.None);

        Clock.Advance(TimeSpan.FromDays(30));
        await store.RunMaintenanceAsync(CancellationToken.None);

        var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        Assert.Equal(Days(today.AddDays(-1), today.AddDays(2)), await store.ListPartitionDaysAsync(CancellationToken.None));
        Assert.Null(await store.GetAsync(expired.Id, CancellationToken.None));
        Assert.Equal(0, await _schema.CountEventsAsync());
    }

    [Fact]
    public async Task An_event_whose_day_has_no_partition_is_stored_and_later_moved_into_one()
    {
        var store = OpenPostgreSql();
        await store.EnsureSchemaAsync(CancellationToken.None);
        await store.RunMaintenanceAsync(CancellationToken.None);
        var backfilled = Event(Now.AddDays(-30));

        await store.AppendAsync([backfilled], CancellationToken.None);
        Assert.Equal(1, await _schema.ScalarAsync<long>($"SELECT count(*) FROM \"{_schema.Name}\".events_default"));

        await store.RunMaintenanceAsync(CancellationToken.None);

        Assert.Equal(0, await _schema.ScalarAsync<long>($"SELECT count(*) FROM \"{_schema.Name}\".events_default"));
        Assert.Contains(DateOnly.FromDateTime(backfilled.Time.UtcDateTime), await store.ListPartitionDaysAsync(CancellationToken.None));
        Assert.Equal(backfilled, await store.GetAsync(backfilled.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Several_instances_bootstrapping_at_once_apply_each_script_once()
    {
        // Counting version rows cannot see a script run twice (the version is the key): the bootstrapper's log of
        // each script it applied, gathered from every instance, can.
        var applied = new ScriptsAppliedLog();
        var stores = Enumerable.Range(0, 6).Select(_ =>
        {
            var dataSource = NpgsqlDataSource.Create(_schema.ConnectionString);
            _dataSources.Add(dataSource);
            return new PostgreSqlEventStore(dataSource, new AnalyticsOptions { Schema = _schema.Name, Partitioning = PartitioningMode.Native }, Clock, applied);
        }).ToArray();

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.EnsureSchemaAsync(CancellationToken.None))));
        await Task.WhenAll(stores.Select(s => Task.Run(() => s.RunMaintenanceAsync(CancellationToken.None))));

        Assert.Equal(Enumerable.Range(1, PostgreSqlSchemaScripts.LatestVersion), applied.Versions.Order());
        Assert.Equal(PostgreSqlSchemaScripts.LatestVersion, await _schema.ScalarAsync<long>($"SELECT count(*) FROM \"{_schema.Name}\".schema_versions"));
        var evt = Event(Now);
        await stores[3].AppendAsync([evt], CancellationToken.None);
        Assert.Equal(evt, await stores[5].GetAsync(evt.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_schema_newer_than_the_code_is_refused_with_advice()
    {
        var store = OpenPostgreSql();
        await store.EnsureSchemaAsync(CancellationToken.None);
        await _schema.ExecuteAsync($"INSERT INTO \"{_schema.Name}\".schema_versions (version, flavor, name) VALUES (999, 'Native', '0999_future')");

        var ex = await Assert.ThrowsAsync<SchemaVersionException>(() => OpenPostgreSql().EnsureSchemaAsync(CancellationToken.None));

        Assert.Contains("999", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Upgrade", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_exported_script_creates_a_schema_the_store_can_use_without_bootstrapping()
    {
        var store = OpenPostgreSql(new AnalyticsOptions { ApplySchemaOnStartup = false });
        var script = store.ExportSchemaScript();
        Assert.Contains("CREATE TABLE", script, StringComparison.Ordinal);

        await _schema.ExecuteAsync(script);
        await store.RunMaintenanceAsync(CancellationToken.None);
        var evt = Event(Now);
        await store.AppendAsync([evt], CancellationToken.None);

        Assert.Equal(evt, await store.GetAsync(evt.Id, CancellationToken.None));
        // Bootstrapping afterwards finds nothing to do.
        await OpenPostgreSql().EnsureSchemaAsync(CancellationToken.None);
        Assert.Equal(PostgreSqlSchemaScripts.LatestVersion, await _schema.ScalarAsync<long>($"SELECT count(*) FROM \"{_schema.Name}\".schema_versions"));
    }

    [Fact]
    public async Task A_schema_3_database_upgrades_in_place_and_its_old_events_read_as_unknown_source_without_visitor()
    {
        var quoted = SqlIdentifier.Quote(_schema.Name);
        await _schema.ExecuteAsync(PostgreSqlSchemaScripts.VersionTable(quoted));
        foreach (var script in PostgreSqlSchemaScripts.For(PostgreSqlFlavor.Native, quoted).Where(s => s.Version <= 3))
        {
            await _schema.ExecuteAsync(script.Sql);
            await _schema.ExecuteAsync($"INSERT INTO {quoted}.schema_versions (version, flavor, name) VALUES ({script.Version}, 'Native', '{script.Name}')");
        }

        var id = Guid.CreateVersion7(Now);
        await _schema.ExecuteAsync(
            $"INSERT INTO {quoted}.events (id, time, page, referrer, operating_system) VALUES ('{id}', '{Now:O}', '/old', 'https://example.com/', 'Windows')");

        var store = OpenPostgreSql();
        await store.EnsureSchemaAsync(CancellationToken.None);
        var old = await store.GetAsync(id, CancellationToken.None);

        Assert.Equal(PostgreSqlSchemaScripts.LatestVersion, await _schema.ScalarAsync<long>($"SELECT count(*) FROM {quoted}.schema_versions"));
        Assert.Equal(("unknown", null, null), (old!.ReferrerSource, old.ReferrerHost, old.VisitorId));
        var fresh = Event(Now.AddMinutes(1));
        await store.AppendAsync([fresh], CancellationToken.None);
        Assert.Equal(fresh, await store.GetAsync(fresh.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Maintenance_without_a_schema_says_how_to_create_it()
    {
        var store = OpenPostgreSql(new AnalyticsOptions { ApplySchemaOnStartup = false });

        var ex = await Assert.ThrowsAsync<SchemaVersionException>(() => store.RunMaintenanceAsync(CancellationToken.None));

        Assert.Contains("ApplySchemaOnStartup", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_partitioning_uses_timescaledb_when_the_server_offers_it_and_native_partitions_otherwise()
    {
        // The expectation comes from the server's catalogue before the store runs, not from what the store did.
        var offered = await _schema.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')");
        var options = new AnalyticsOptions { Schema = _schema.Name, Partitioning = PartitioningMode.Auto };
        var dataSource = NpgsqlDataSource.Create(_schema.ConnectionString);
        _dataSources.Add(dataSource);
        var store = new PostgreSqlEventStore(dataSource, options, Clock);

        await store.EnsureSchemaAsync(CancellationToken.None);

        var expected = offered ? "TimescaleDb" : "Native";
        Assert.Equal(expected, await _schema.ScalarAsync<string>($"SELECT flavor FROM \"{_schema.Name}\".schema_versions ORDER BY version LIMIT 1"));
        Assert.StartsWith(offered ? "PostgreSQL (TimescaleDB hypertable)" : "PostgreSQL (native daily partitions)", store.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void The_description_names_server_database_and_schema_but_not_the_password()
    {
        var connection = new NpgsqlConnectionStringBuilder(_schema.ConnectionString) { Password = "s3cret-pw", Database = "analytics_db" };
        var store = OpenPostgreSql(connectionString: connection.ConnectionString);

        Assert.Equal(
            $"PostgreSQL at {connection.Host}:{connection.Port}, database analytics_db, schema \"{_schema.Name}\"",
            store.Description);
        Assert.DoesNotContain("s3cret-pw", store.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void The_exported_timescaledb_script_sets_the_retention_policy_that_the_bootstrapper_would()
    {
        // No TimescaleDB here to run it on: the text is checked, and the bootstrapper's call is the same function.
        var dataSource = NpgsqlDataSource.Create(_schema.ConnectionString);
        _dataSources.Add(dataSource);
        var options = new AnalyticsOptions { Schema = _schema.Name, Partitioning = PartitioningMode.TimescaleDb, Retention = TimeSpan.FromDays(30), ApplySchemaOnStartup = false };

        var script = new PostgreSqlEventStore(dataSource, options, Clock).ExportSchemaScript();

        Assert.Contains("create_hypertable", script, StringComparison.Ordinal);
        Assert.Contains(
            $"SELECT add_retention_policy('\"{_schema.Name}\".events'::regclass, drop_after => INTERVAL '2592000 seconds');",
            script,
            StringComparison.Ordinal);
        Assert.True(
            script.LastIndexOf("add_retention_policy", StringComparison.Ordinal) > script.LastIndexOf("create_hypertable", StringComparison.Ordinal),
            "The policy must follow the hypertable it applies to.");
    }

    [Fact]
    public async Task An_unreachable_server_is_reported_as_unavailable_not_as_a_crash()
    {
        var store = OpenPostgreSql(connectionString: "Host=127.0.0.1;Port=1;Username=postgres;Timeout=3");

        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.PingAsync(CancellationToken.None));
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.AppendAsync([Event(Now)], CancellationToken.None));
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.EnsureSchemaAsync(CancellationToken.None));
    }

    /// <summary>Collects the version of every "Applied analytics schema script" message (event 1001), from any instance.</summary>
    private sealed class ScriptsAppliedLog : Microsoft.Extensions.Logging.ILogger<PostgreSqlEventStore>
    {
        private readonly System.Collections.Concurrent.ConcurrentBag<int> _versions = [];

        public IEnumerable<int> Versions => _versions;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == Analytics.Diagnostics.AnalyticsLogEvents.PostgreSqlScriptApplied
                && state is IReadOnlyList<KeyValuePair<string, object?>> values
                && values.FirstOrDefault(v => v.Key == "Script").Value is string script)
            {
                _versions.Add(int.Parse(script[..script.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
