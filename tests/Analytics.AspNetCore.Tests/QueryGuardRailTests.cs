using System.Diagnostics.CodeAnalysis;
using System.Net;
using Analytics.AspNetCore.Tests.Infrastructure;
using Analytics.Querying.Stats;
using Analytics.Storage;
using Analytics.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Analytics.AspNetCore.Tests;

/// <summary>
/// The guard rails of reads on PostgreSQL (issue 10, item 5; issue 13, item 6): the query timeout is enforced by the
/// server itself, queries past the concurrency bound are answered 503 with Retry-After, and a storm of reads never
/// takes the writer's connections. Reads are held up deterministically by a lock the test takes on the events table
/// (or on its default partition only), never by timing.
/// </summary>
public sealed class QueryGuardRailTests
{
    // A month with no daily partition: a query over it reads the default partition alone.
    private const string PastQuery = """{"site_id":"default","metrics":["visitors","pageviews"],"date_range":["2025-01-01","2025-01-31"]}""";

    [Fact]
    public async Task A_query_past_Analytics_QueryTimeout_is_stopped_by_the_server_and_answered_503_with_Retry_After()
    {
        await using var fixture = await GuardFixture.StartAsync(("Analytics:QueryTimeout", "00:00:01"));
        await using var hold = await TableLock.TakeAsync(fixture.Schema, "events");

        var store = fixture.Factory.Services.GetRequiredService<IEventStore>();
        var failure = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.QueryStatsAsync(Query(), CancellationToken.None));
        // statement_timeout, not the client's command timeout (which is five seconds later, and cancels "due to user request").
        var server = Assert.IsType<PostgresException>(failure.InnerException);
        Assert.Equal(PostgresErrorCodes.QueryCanceled, server.SqlState);
        Assert.Contains("statement timeout", server.MessageText, StringComparison.Ordinal);

        using var response = await fixture.CreateClient().PostAsync("/api/v2/query", Api.Json(PastQuery));
        await Api.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task A_query_past_the_concurrency_bound_is_answered_503_with_Retry_After_and_the_running_one_finishes()
    {
        await using var fixture = await GuardFixture.StartAsync(("Analytics:MaxConcurrentQueries", "1"), ("Analytics:MaxQueuedQueries", "0"));
        using var client = fixture.CreateClient();
        Task<HttpResponseMessage> running;
        await using (var hold = await TableLock.TakeAsync(fixture.Schema, "events"))
        {
            running = client.PostAsync("/api/v2/query", Api.Json(PastQuery));
            await hold.WaitForWaitersAsync(1);

            using var refused = await client.PostAsync("/api/v2/query", Api.Json(PastQuery));
            var problem = await Api.AssertProblemAsync(refused, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("queries", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
            Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        }

        using var answered = await running;
        await Api.ReadJsonAsync(answered);
    }

    // Without the bound the writes wait for a connection that never comes free: the time limit turns that into a failure.
    [Fact(Timeout = 300_000)]
    public async Task A_storm_of_blocked_reads_leaves_the_writer_its_connections()
    {
        // Four connections in the pool: without the bound, twelve blocked reads would hold all four and every write
        // would wait for a connection until its acknowledgement timed out (503).
        await using var fixture = await GuardFixture.StartAsync(
            ("Analytics:MaxConcurrentQueries", "2"),
            ("Analytics:QueryQueueTimeout", "00:02:00"),
            ("Analytics:AcknowledgementTimeout", "00:00:20"),
            ("pool", "Maximum Pool Size=4;Timeout=30"));
        using var client = fixture.CreateClient();
        List<Task<HttpResponseMessage>> reads;
        await using (var hold = await TableLock.TakeAsync(fixture.Schema, "events_default"))
        {
            reads = [.. Enumerable.Range(0, 12).Select(_ => client.PostAsync("/api/v2/query", Api.Json(PastQuery)))];
            await hold.WaitForWaitersAsync(2);

            for (var i = 0; i < 10; i++)
            {
                using var written = await client.PostEventAsync($$"""{"page":"/storm/{{i}}","session_id":"storm"}""");
                Assert.Equal(HttpStatusCode.Created, written.StatusCode);
            }
        }

        foreach (var read in reads)
        {
            using var response = await read;
            await Api.ReadJsonAsync(response);
        }

        Assert.Equal(10, await fixture.Schema.ScalarAsync<long>($"SELECT count(*) FROM \"{fixture.Schema.Name}\".events WHERE page LIKE '/storm/%'"));
    }

    private static StatsQuery Query() => new()
    {
        Site = "default",
        From = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
        To = new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero),
        Metrics = [StatsMetric.Visitors],
    };

    /// <summary>The standalone host on PostgreSQL with the settings a test gives ("pool" adds to the connection string).</summary>
    [SuppressMessage("Reliability", "CA1001", Justification = "Disposed through IAsyncDisposable.")]
    private sealed class GuardFixture : ApiFixture, IAsyncDisposable
    {
        private readonly (string Key, string Value)[] _settings;

        private GuardFixture((string Key, string Value)[] settings)
        {
            _settings = settings;
        }

        public static async Task<GuardFixture> StartAsync(params (string Key, string Value)[] settings)
        {
            var fixture = new GuardFixture(settings);
            await fixture.InitializeAsync();
            return fixture;
        }

        ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

        protected override IEnumerable<KeyValuePair<string, string>> Settings(TestSchema schema)
        {
            var pool = _settings.FirstOrDefault(s => s.Key == "pool").Value;
            foreach (var (key, value) in base.Settings(schema))
            {
                yield return key == "Analytics:ConnectionString" && pool is not null ? new(key, value + ";" + pool) : new(key, value);
            }

            foreach (var (key, value) in _settings.Where(s => s.Key != "pool"))
            {
                yield return new(key, value);
            }
        }
    }

    /// <summary>An ACCESS EXCLUSIVE lock on one table of the schema, held in a transaction until disposed.</summary>
    private sealed class TableLock : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly NpgsqlTransaction _transaction;
        private readonly TestSchema _schema;
        private readonly string _table;

        private TableLock(NpgsqlConnection connection, NpgsqlTransaction transaction, TestSchema schema, string table)
        {
            _connection = connection;
            _transaction = transaction;
            _schema = schema;
            _table = table;
        }

        public static async Task<TableLock> TakeAsync(TestSchema schema, string table)
        {
            var connection = new NpgsqlConnection(schema.ConnectionString);
            await connection.OpenAsync();
            var transaction = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand($"LOCK TABLE \"{schema.Name}\".\"{table}\" IN ACCESS EXCLUSIVE MODE", connection, transaction);
            await command.ExecuteNonQueryAsync();
            return new TableLock(connection, transaction, schema, table);
        }

        /// <summary>Waits (a minute at most) until <paramref name="count"/> other sessions wait for this lock.</summary>
        public async Task WaitForWaitersAsync(int count)
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT count(*) FROM pg_locks
                WHERE NOT granted AND relation = (quote_ident(@schema) || '.' || quote_ident(@table))::regclass
                """,
                _connection,
                _transaction);
            command.Parameters.AddWithValue("schema", _schema.Name);
            command.Parameters.AddWithValue("table", _table);
            for (var attempt = 0; attempt < 600; attempt++)
            {
                if (Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) >= count)
                {
                    return;
                }

                await Task.Delay(100);
            }

            throw new TimeoutException($"Fewer than {count} queries waited for the lock on {_table} within a minute.");
        }

        public async ValueTask DisposeAsync()
        {
            await _transaction.RollbackAsync();
            await _transaction.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}
