using Analytics.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Analytics.Hosting;

/// <summary>
/// Unhealthy while the ingestion queue is nine tenths full or more, so that a load balancer moves traffic away before
/// clients get 503; healthy on a read-only node, which has no queue.
/// </summary>
internal sealed class IngestionQueueHealthCheck : IHealthCheck
{
    private readonly IngestionPipeline? _pipeline;
    private readonly long _limit;

    public IngestionQueueHealthCheck(IServiceProvider services, IOptions<AnalyticsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _pipeline = services.GetService<IngestionPipeline>();
        _limit = options.Value.MaxQueuedEvents * 9L / 10;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_pipeline is null)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No ingestion on this node."));
        }

        var queued = _pipeline.QueuedEvents;
        return Task.FromResult(queued >= _limit
            ? HealthCheckResult.Unhealthy($"{queued} events wait for the writer; the queue is nearly full.")
            : HealthCheckResult.Healthy($"{queued} events wait for the writer."));
    }
}
