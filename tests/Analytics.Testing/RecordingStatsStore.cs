using System.Collections.Concurrent;
using Analytics.Enrichment;
using Analytics.Events;
using Analytics.Querying;
using Analytics.Querying.Stats;
using Analytics.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Testing;

/// <summary>
/// The host's store, passed every call, with the stats queries it receives and the events it stores recorded: so a
/// test can see which queries an answer took (none for a refused request, one or two with a comparison) and which
/// events a request stored. The store answers every one.
/// </summary>
public sealed class RecordingStatsStore : IEventStore, IAsyncDisposable
{
    private readonly IEventStore _inner;

    public RecordingStatsStore(IEventStore inner)
    {
        _inner = inner;
    }

    /// <summary>The stats queries received, in order.</summary>
    public ConcurrentQueue<StatsQuery> Queries { get; } = new();

    /// <summary>The events written, in order, as the pipeline handed them over (read them back from the store).</summary>
    public ConcurrentQueue<AnalyticsEvent> Appended { get; } = new();

    public string Description => _inner.Description;

    /// <summary>Puts this store in front of the one <paramref name="services"/> registers.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IEventStore));
        services.Remove(registered);
        services.AddSingleton(provider => new RecordingStatsStore(
            registered.ImplementationInstance as IEventStore
            ?? registered.ImplementationFactory?.Invoke(provider) as IEventStore
            ?? (IEventStore)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!)));
        services.AddSingleton<IEventStore>(provider => provider.GetRequiredService<RecordingStatsStore>());
    }

    /// <summary>Forgets the queries received so far.</summary>
    public void ClearQueries() => Queries.Clear();

    public Task<StatsResult> QueryStatsAsync(StatsQuery query, CancellationToken cancellationToken)
    {
        Queries.Enqueue(query);
        return _inner.QueryStatsAsync(query, cancellationToken);
    }

    public Task EnsureSchemaAsync(CancellationToken cancellationToken) => _inner.EnsureSchemaAsync(cancellationToken);

    public string ExportSchemaScript() => _inner.ExportSchemaScript();

    public async Task AppendAsync(IReadOnlyList<AnalyticsEvent> events, CancellationToken cancellationToken)
    {
        await _inner.AppendAsync(events, cancellationToken);
        foreach (var appended in events)
        {
            Appended.Enqueue(appended);
        }
    }

    public Task<AnalyticsEvent?> GetAsync(Guid id, CancellationToken cancellationToken) => _inner.GetAsync(id, cancellationToken);

    public Task<IReadOnlyList<Analytics.Querying.AggregateRow>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken) => _inner.AggregateAsync(query, cancellationToken);

    public Task<IReadOnlyDictionary<DateOnly, byte[]>> GetVisitorSaltsAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken) =>
        _inner.GetVisitorSaltsAsync(first, last, cancellationToken);

    public Task<IReadOnlyList<VisitorSession>> GetRecentSessionsAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        _inner.GetRecentSessionsAsync(since, cancellationToken);

    public Task RunMaintenanceAsync(CancellationToken cancellationToken) => _inner.RunMaintenanceAsync(cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) => _inner.PingAsync(cancellationToken);

    public Task<bool> AddApiKeyAsync(StoredApiKey key, CancellationToken cancellationToken) => _inner.AddApiKeyAsync(key, cancellationToken);

    public Task<StoredApiKey?> FindApiKeyAsync(string prefix, CancellationToken cancellationToken) => _inner.FindApiKeyAsync(prefix, cancellationToken);

    public Task<IReadOnlyList<StoredApiKey>> ListApiKeysAsync(CancellationToken cancellationToken) => _inner.ListApiKeysAsync(cancellationToken);

    public Task<bool> DeleteApiKeyAsync(string prefix, CancellationToken cancellationToken) => _inner.DeleteApiKeyAsync(prefix, cancellationToken);

    public Task MarkApiKeyUsedAsync(string prefix, DateTimeOffset usedAt, CancellationToken cancellationToken) => _inner.MarkApiKeyUsedAsync(prefix, usedAt, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        switch (_inner)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
