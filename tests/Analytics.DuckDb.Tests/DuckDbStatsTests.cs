using Analytics.Storage;
using Analytics.Storage.DuckDb;
using Analytics.Testing.Stats;

namespace Analytics.DuckDb.Tests;

/// <summary>The stats contract on a real DuckDB file, one per test.</summary>
public sealed class DuckDbStatsTests : StatsContract
{
    private readonly List<DuckDbEventStore> _stores = [];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "analytics-duckdb-stats-tests", Guid.NewGuid().ToString("N"));

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

    protected override Task<IEventStore> OpenStoreAsync(AnalyticsOptions options)
    {
        var store = new DuckDbEventStore(Path.Combine(_directory, "analytics.duckdb"), options, Clock);
        _stores.Add(store);
        return Task.FromResult<IEventStore>(store);
    }
}
