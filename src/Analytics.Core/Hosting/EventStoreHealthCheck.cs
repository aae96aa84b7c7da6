using Analytics.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Analytics.Hosting;

/// <summary>Healthy when the event store answers a trivial query within five seconds.</summary>
internal sealed class EventStoreHealthCheck : IHealthCheck
{
    private readonly IEventStore _store;

    public EventStoreHealthCheck(IEventStore store)
    {
        _store = store;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await _store.PingAsync(timeout.Token);
            return HealthCheckResult.Healthy(_store.Description);
        }
        catch (Exception ex) when (ex is EventStoreUnavailableException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return HealthCheckResult.Unhealthy($"{_store.Description} is not answering.");
        }
    }
}
