using Analytics.Events;
using Analytics.Hosting;
using Analytics.Ingestion;
using Analytics.Storage;
using Analytics.Storage.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Analytics.Core.Tests.Hosting;

/// <summary>The readiness check of the ingestion queue, on a pipeline whose writer is not started, so events stay queued.</summary>
public sealed class IngestionQueueHealthCheckTests
{
    [Fact]
    public async Task The_queue_check_turns_unhealthy_at_nine_tenths_of_MaxQueuedEvents()
    {
        var options = Options.Create(new AnalyticsOptions { MaxQueuedEvents = 10, WriteBatchSize = 1, AcknowledgeBeforeCommit = true });
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=u");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 20, 12, 0, 0, TimeSpan.Zero));
        var store = new PostgreSqlEventStore(dataSource, options.Value, clock);
        using var pipeline = new IngestionPipeline(store, options, clock, NullLogger<IngestionPipeline>.Instance);
        var services = new ServiceCollection().AddSingleton(pipeline).AddSingleton<IEventStore>(store).BuildServiceProvider();
        await using var _ = services;
        var check = new IngestionQueueHealthCheck(services, options);

        Assert.Equal(IngestionStatus.Queued, (await pipeline.SubmitAsync(Events(8, clock), CancellationToken.None)).Status);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        Assert.Equal(IngestionStatus.Queued, (await pipeline.SubmitAsync(Events(1, clock), CancellationToken.None)).Status);
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task A_node_without_ingestion_is_ready_as_far_as_the_queue_goes()
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        var check = new IngestionQueueHealthCheck(services, Options.Create(new AnalyticsOptions()));

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    private static AnalyticsEvent[] Events(int count, TimeProvider clock) =>
        Enumerable.Range(0, count).Select(_ => new AnalyticsEvent { Id = Guid.CreateVersion7(), Time = clock.GetUtcNow(), Page = "/q", OperatingSystem = "Linux" }).ToArray();
}
