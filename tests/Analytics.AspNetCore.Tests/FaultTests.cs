using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Analytics.Testing;
using Npgsql;

namespace Analytics.AspNetCore.Tests;

/// <summary>
/// The promise that matters, tested with real processes: an event that got a success answer is stored, whatever
/// happens next. The service runs as its own process under concurrent load while PostgreSQL restarts, or while
/// the service itself gets SIGTERM; then every acknowledged id must be in the database exactly once.
/// </summary>
[Collection(FaultTestGroup.Name)]
public sealed class FaultTests
{
    private const int Workers = 16;

    [Fact]
    public async Task A_postgres_restart_under_load_loses_no_acknowledged_event_and_ingestion_resumes_by_itself()
    {
        await using var postgres = await DedicatedPostgres.StartAsync();
        var port = StandaloneProcess.FreePort();
        var environment = StandaloneProcess.EnvironmentFor(postgres.ConnectionString, "fault", port);
        environment["Analytics__AcknowledgementTimeout"] = "00:00:30";
        await using var host = StandaloneProcess.Start(environment);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        await host.WaitUntilHealthyAsync(client, TimeSpan.FromSeconds(60));

        using var load = new Load(client);
        var running = load.RunAsync();
        await load.WaitForAcknowledgementsAsync(200);
        var healthDuringOutage = new List<HttpStatusCode>();
        var restart = postgres.RestartAsync(TimeSpan.FromSeconds(2));
        while (!restart.IsCompleted)
        {
            healthDuringOutage.Add((await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
            await Task.Delay(100);
        }

        await restart;
        var acknowledgedBeforeRecovery = load.Acknowledged.Count;
        await load.WaitForAcknowledgementsAsync(acknowledgedBeforeRecovery + 200);
        await load.StopAsync(running);

        Assert.Empty(load.Unexpected);
        Assert.Contains(HttpStatusCode.ServiceUnavailable, healthDuringOutage);
        await AssertStoredExactlyOnceAsync(postgres.ConnectionString, "fault", load.Acknowledged);
    }

    [Fact]
    public async Task Sigterm_under_load_answers_every_waiting_request_and_loses_no_acknowledged_event()
    {
        await using var schema = await TestSchema.CreateAsync("sigterm");
        var port = StandaloneProcess.FreePort();
        await using var host = StandaloneProcess.Start(StandaloneProcess.EnvironmentFor(schema.ConnectionString, schema.Name, port));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        await host.WaitUntilHealthyAsync(client, TimeSpan.FromSeconds(60));

        using var load = new Load(client);
        var running = load.RunAsync();
        await load.WaitForAcknowledgementsAsync(500);
        var exitCode = await host.TerminateAsync(TimeSpan.FromSeconds(30));
        await load.StopAsync(running);

        Assert.Equal(0, exitCode);
        Assert.Empty(load.Unexpected);
        await AssertStoredExactlyOnceAsync(schema.ConnectionString, schema.Name, load.Acknowledged);
    }

    // Exactly once needs both counts: with the total alone, one lost event and one stored twice cancel out.
    private static async Task AssertStoredExactlyOnceAsync(string connectionString, string schema, ConcurrentBag<Guid> acknowledged)
    {
        var ids = acknowledged.ToArray();
        Assert.NotEmpty(ids);
        Assert.Equal(ids.Length, ids.Distinct().Count());
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(DISTINCT id), count(*) FROM \"{schema}\".events WHERE id = ANY(@ids)", connection);
        command.Parameters.AddWithValue("ids", ids);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(ids.Length == reader.GetInt64(0), $"{ids.Length - reader.GetInt64(0)} acknowledged events are missing");
        Assert.True(reader.GetInt64(1) == reader.GetInt64(0), $"{reader.GetInt64(1) - reader.GetInt64(0)} events are stored more than once");
    }

    /// <summary>
    /// Workers posting events with their own ids until stopped. A success answer records the id; 503 is an honest
    /// "not taken"; a refused connection is the service gone. Anything else (a 500, a hang) is unexpected.
    /// </summary>
    private sealed class Load(HttpClient client) : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();

        public ConcurrentBag<Guid> Acknowledged { get; } = [];

        public ConcurrentBag<string> Unexpected { get; } = [];

        public Task RunAsync() => Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(WorkAsync)));

        public async Task WaitForAcknowledgementsAsync(int count)
        {
            for (var i = 0; i < 600 && Acknowledged.Count < count; i++)
            {
                await Task.Delay(100);
            }

            Assert.True(Acknowledged.Count >= count, $"only {Acknowledged.Count} of {count} events acknowledged within 60 s; unexpected: {string.Join("; ", Unexpected.Take(5))}");
        }

        public async Task StopAsync(Task running)
        {
            await _stop.CancelAsync();
            await running.WaitAsync(TimeSpan.FromSeconds(90));
        }

        public void Dispose() => _stop.Dispose();

        private async Task WorkAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                var id = Guid.NewGuid();
                try
                {
                    using var response = await client.PostAsJsonAsync(new Uri("/api/events", UriKind.Relative), new { id, page = "/fault", duration = 1 });
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        Acknowledged.Add(id);
                    }
                    else if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                    {
                        Unexpected.Add($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    }
                }
                catch (HttpRequestException)
                {
                    // The service has stopped listening (SIGTERM): nothing was acknowledged for this request.
                    await Task.Delay(50);
                }
                catch (TaskCanceledException ex) when (!_stop.IsCancellationRequested)
                {
                    Unexpected.Add($"request hung past the client timeout: {ex.Message}");
                }
            }
        }
    }
}

/// <summary>Fault tests start processes and load the machine; they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultTestGroup
{
    public const string Name = "Fault tests";
}
