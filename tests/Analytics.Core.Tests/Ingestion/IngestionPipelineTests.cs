using Analytics.Enrichment;
using Analytics.Events;
using Analytics.Ingestion;
using Analytics.Querying;
using Analytics.Storage;
using Analytics.Storage.PostgreSql;
using Analytics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Analytics.Core.Tests.Ingestion;

/// <summary>Group commit against a real PostgreSQL store.</summary>
public sealed class IngestionPipelineTests : IAsyncLifetime
{
    // Long enough for a loaded machine, short enough that a hang fails the test instead of the test run.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly List<NpgsqlDataSource> _dataSources = [];
    private readonly List<IngestionPipeline> _pipelines = [];
    private TestSchema _schema = null!;

    public async Task InitializeAsync()
    {
        _schema = await TestSchema.CreateAsync("ingest");
        await OpenStore(new AnalyticsOptions()).EnsureSchemaAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        foreach (var pipeline in _pipelines)
        {
            // A pipeline facing an unreachable store would retry until its deadlines; abandon it instead.
            using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await pipeline.StopAsync(shutdown.Token);
            pipeline.Dispose();
        }

        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        await _schema.DisposeAsync();
    }

    private PostgreSqlEventStore OpenStore(AnalyticsOptions options, string? connectionString = null)
    {
        options.Schema = _schema.Name;
        options.Partitioning = PartitioningMode.Native;
        var dataSource = NpgsqlDataSource.Create(connectionString ?? _schema.ConnectionString);
        _dataSources.Add(dataSource);
        return new PostgreSqlEventStore(dataSource, options);
    }

    private async Task<IngestionPipeline> StartAsync(IEventStore store, AnalyticsOptions options)
    {
        var pipeline = new IngestionPipeline(store, Options.Create(options), TimeProvider.System, NullLogger<IngestionPipeline>.Instance);
        _pipelines.Add(pipeline);
        await pipeline.StartAsync(CancellationToken.None);
        return pipeline;
    }

    private static AnalyticsEvent Event(string page = "/a", int? duration = null) => new()
    {
        Id = Guid.CreateVersion7(),
        Time = DateTimeOffset.UtcNow,
        Page = page,
        Duration = duration,
        OperatingSystem = "Other",
    };

    [Fact]
    public async Task A_submission_is_answered_stored_only_once_it_is_in_the_database()
    {
        var options = new AnalyticsOptions();
        var pipeline = await StartAsync(OpenStore(options), options);
        var pageView = Event();

        var result = await pipeline.SubmitAsync([pageView], CancellationToken.None);

        Assert.Equal(IngestionStatus.Stored, result.Status);
        Assert.Equal(1, await _schema.ScalarAsync<long>($"SELECT count(*) FROM \"{_schema.Name}\".events WHERE id = '{pageView.Id}'"));
    }

    [Fact]
    public async Task Concurrent_requests_share_commits_and_every_one_is_stored()
    {
        var options = new AnalyticsOptions();
        var store = new CountingStore(OpenStore(options));
        var pipeline = await StartAsync(store, options);

        var results = await Task.WhenAll(Enumerable.Range(0, 2000).Select(_ => Task.Run(() => pipeline.SubmitAsync([Event()], CancellationToken.None))));

        Assert.All(results, r => Assert.Equal(IngestionStatus.Stored, r.Status));
        Assert.Equal(2000, await _schema.CountEventsAsync());
        // Grouped means several requests per commit, not one fewer commit than requests: on average at least four.
        Assert.True(store.Appends <= 500, $"expected grouped commits, got {store.Appends} appends for 2000 requests");
    }

    [Fact]
    public async Task An_event_the_store_refuses_is_isolated_and_the_others_are_stored()
    {
        var options = new AnalyticsOptions();
        var pipeline = await StartAsync(OpenStore(options), options);
        // A negative duration gets past no validation of ours in practice; here it stands for any row the store refuses.
        AnalyticsEvent[] events = [Event("/good1"), Event("/bad", duration: -1), Event("/good2"), Event("/good3")];

        var result = await pipeline.SubmitAsync(events, CancellationToken.None);

        Assert.Equal(IngestionStatus.PartiallyStored, result.Status);
        Assert.Equal([1], result.RejectedIndexes);
        Assert.Equal(3, await _schema.CountEventsAsync());
    }

    [Fact]
    public async Task An_event_failing_with_an_error_of_no_known_kind_is_isolated_while_the_store_answers()
    {
        // Npgsql cannot encode a lone surrogate as UTF-8 and throws EncoderFallbackException, an exception the store
        // does not classify. Taken for an outage, it held the batch, and everyone's events behind it, until the
        // deadline; the store answers a ping, so it is the event's content.
        var options = new AnalyticsOptions();
        var pipeline = await StartAsync(OpenStore(options), options);
        AnalyticsEvent[] events = [Event("/good1"), Event("/bad") with { Referrer = "x\uD83D" }, Event("/good2")];

        var result = await pipeline.SubmitAsync(events, CancellationToken.None);
        var other = await pipeline.SubmitAsync([Event("/other")], CancellationToken.None);

        Assert.Equal(IngestionStatus.PartiallyStored, result.Status);
        Assert.Equal([1], result.RejectedIndexes);
        Assert.Equal(IngestionStatus.Stored, other.Status);
        Assert.True(pipeline.IsStoreReachable);
        Assert.Equal(3, await _schema.CountEventsAsync());
    }

    [Fact]
    public async Task An_unreachable_store_is_answered_unavailable_at_the_deadline_and_nothing_hangs()
    {
        var options = new AnalyticsOptions { AcknowledgementTimeout = TimeSpan.FromMilliseconds(500) };
        var pipeline = await StartAsync(OpenStore(options, "Host=127.0.0.1;Port=1;Username=postgres;Timeout=1"), options);

        // A hang guard, not a timing assertion: the answer comes at the 0.5 s deadline, far inside the bound.
        var result = await pipeline.SubmitAsync([Event()], CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(IngestionStatus.Unavailable, result.Status);
        Assert.False(pipeline.IsStoreReachable);
    }

    [Fact]
    public async Task A_full_queue_refuses_new_events_at_once()
    {
        var options = new AnalyticsOptions { WriteBatchSize = 10, MaxQueuedEvents = 10, AcknowledgementTimeout = TimeSpan.FromSeconds(30) };
        var pipeline = await StartAsync(OpenStore(options, "Host=127.0.0.1;Port=1;Username=postgres;Timeout=1"), options);

        // The writer takes the first ten and retries them; the next ten fill the queue.
        _ = pipeline.SubmitAsync(Enumerable.Range(0, 10).Select(_ => Event()).ToArray(), CancellationToken.None);
        await WaitUntilAsync(() => pipeline.QueuedEvents == 0);
        _ = pipeline.SubmitAsync(Enumerable.Range(0, 10).Select(_ => Event()).ToArray(), CancellationToken.None);

        var result = await pipeline.SubmitAsync([Event()], CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(IngestionStatus.QueueFull, result.Status);
    }

    [Fact]
    public async Task A_queue_past_its_byte_bound_refuses_large_events_though_it_has_room_for_more_of_them()
    {
        var options = new AnalyticsOptions
        {
            WriteBatchSize = 10,
            MaxQueuedEvents = 1000,
            MaxQueuedBytes = 1024 * 1024,
            MaxConcurrentWrites = 1, // the one write retrying holds the writer, so what comes next stays queued
            AcknowledgementTimeout = TimeSpan.FromSeconds(30),
        };
        var pipeline = await StartAsync(OpenStore(options, "Host=127.0.0.1;Port=1;Username=postgres;Timeout=1"), options);
        var large = new string('r', 120_000); // 240 KB each as UTF-16

        // The writer takes the first ten and retries them; then four large events wait (about 960 KB).
        _ = pipeline.SubmitAsync(Enumerable.Range(0, 10).Select(_ => Event()).ToArray(), CancellationToken.None);
        await WaitUntilAsync(() => pipeline.QueuedEvents == 0);
        _ = pipeline.SubmitAsync(Enumerable.Range(0, 4).Select(_ => Event() with { Referrer = large }).ToArray(), CancellationToken.None);

        var refused = await pipeline.SubmitAsync([Event() with { Referrer = large }], CancellationToken.None);

        Assert.Equal(IngestionStatus.QueueFull, refused.Status);
        Assert.Equal(4, pipeline.QueuedEvents);
        Assert.InRange(pipeline.QueuedBytes, 960_000, 1024 * 1024);
    }

    [Fact]
    public async Task A_submission_larger_than_the_byte_bound_still_gets_into_an_empty_queue()
    {
        var options = new AnalyticsOptions { MaxQueuedBytes = 1024 * 1024, AcknowledgeBeforeCommit = true };
        var pipeline = await StartAsync(OpenStore(options), options);
        var large = new string('r', 60_000);

        var result = await pipeline.SubmitAsync(Enumerable.Range(0, 10).Select(_ => Event() with { Referrer = large }).ToArray(), CancellationToken.None);
        await pipeline.StopAsync(CancellationToken.None);

        Assert.Equal(IngestionStatus.Queued, result.Status);
        Assert.Equal(10, await _schema.CountEventsAsync());
        Assert.Equal(0, pipeline.QueuedBytes);
    }

    [Fact]
    public async Task Stopping_writes_everything_queued_before_it_returns()
    {
        var options = new AnalyticsOptions { AcknowledgeBeforeCommit = true };
        var pipeline = await StartAsync(OpenStore(options), options);

        var results = await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => pipeline.SubmitAsync([Event()], CancellationToken.None)));
        await pipeline.StopAsync(CancellationToken.None);

        Assert.All(results, r => Assert.Equal(IngestionStatus.Queued, r.Status));
        Assert.Equal(500, await _schema.CountEventsAsync());
        Assert.Equal(IngestionStatus.Unavailable, (await pipeline.SubmitAsync([Event()], CancellationToken.None)).Status);
    }

    [Fact]
    public async Task The_pipeline_can_be_stopped_again_after_the_host_disposed_it()
    {
        var options = new AnalyticsOptions();
        var pipeline = await StartAsync(OpenStore(options), options);
        Assert.Equal(IngestionStatus.Stored, (await pipeline.SubmitAsync([Event()], CancellationToken.None)).Status);

        await pipeline.StopAsync(CancellationToken.None);
        pipeline.Dispose();
        await pipeline.StopAsync(CancellationToken.None);

        Assert.Equal(1, await _schema.CountEventsAsync());
    }

    [Fact]
    public async Task A_retried_client_id_is_stored_once()
    {
        var options = new AnalyticsOptions();
        var pipeline = await StartAsync(OpenStore(options), options);
        var first = Event();

        await pipeline.SubmitAsync([first], CancellationToken.None);
        var retry = await pipeline.SubmitAsync([first with { Time = DateTimeOffset.UtcNow.AddSeconds(1) }], CancellationToken.None);

        Assert.Equal(IngestionStatus.Stored, retry.Status);
        Assert.Equal(1, await _schema.CountEventsAsync());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(20);
        }

        Assert.True(condition(), "condition not reached within 10 s");
    }

    /// <summary>The real store, counting how many writes reach it.</summary>
    private sealed class CountingStore(IEventStore inner) : IEventStore
    {
        private int _appends;

        public int Appends => _appends;

        public string Description => inner.Description;

        public Task AppendAsync(IReadOnlyList<AnalyticsEvent> events, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _appends);
            return inner.AppendAsync(events, cancellationToken);
        }

        public Task<IReadOnlyList<AggregateRow>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken) => inner.AggregateAsync(query, cancellationToken);

        public Task<Analytics.Querying.Stats.StatsResult> QueryStatsAsync(Analytics.Querying.Stats.StatsQuery query, CancellationToken cancellationToken) => inner.QueryStatsAsync(query, cancellationToken);

        public Task EnsureSchemaAsync(CancellationToken cancellationToken) => inner.EnsureSchemaAsync(cancellationToken);

        public string ExportSchemaScript() => inner.ExportSchemaScript();

        public Task<AnalyticsEvent?> GetAsync(Guid id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);

    public Task<bool> AddApiKeyAsync(StoredApiKey key, CancellationToken cancellationToken) => inner.AddApiKeyAsync(key, cancellationToken);

    public Task<StoredApiKey?> FindApiKeyAsync(string prefix, CancellationToken cancellationToken) => inner.FindApiKeyAsync(prefix, cancellationToken);

    public Task<IReadOnlyList<StoredApiKey>> ListApiKeysAsync(CancellationToken cancellationToken) => inner.ListApiKeysAsync(cancellationToken);

    public Task<bool> DeleteApiKeyAsync(string prefix, CancellationToken cancellationToken) => inner.DeleteApiKeyAsync(prefix, cancellationToken);

    public Task MarkApiKeyUsedAsync(string prefix, DateTimeOffset usedAt, CancellationToken cancellationToken) => inner.MarkApiKeyUsedAsync(prefix, usedAt, cancellationToken);

        public Task<IReadOnlyList<VisitorSession>> GetRecentSessionsAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
            inner.GetRecentSessionsAsync(since, cancellationToken);

        public Task<IReadOnlyDictionary<DateOnly, byte[]>> GetVisitorSaltsAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken) =>
            inner.GetVisitorSaltsAsync(first, last, cancellationToken);

        public Task RunMaintenanceAsync(CancellationToken cancellationToken) => inner.RunMaintenanceAsync(cancellationToken);
    }
}
