using Analytics.Storage;
using Analytics.Storage.PostgreSql;
using Analytics.Testing;
using Analytics.Testing.Stats;
using Npgsql;

namespace Analytics.Core.Tests.Querying.Stats;

/// <summary>The stats contract on a real PostgreSQL server, one test schema per test.</summary>
public sealed class PostgreSqlStatsTests : StatsContract
{
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private TestSchema _schema = null!;

    public override async Task InitializeAsync() => _schema = await TestSchema.CreateAsync("stats");

    public override async Task DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        await _schema.DisposeAsync();
    }

    protected override Task<IEventStore> OpenStoreAsync(AnalyticsOptions options)
    {
        options.Schema = _schema.Name;
        options.Partitioning = PartitioningMode.Native;
        var dataSource = NpgsqlDataSource.Create(_schema.ConnectionString);
        _dataSources.Add(dataSource);
        return Task.FromResult<IEventStore>(new PostgreSqlEventStore(dataSource, options, Clock));
    }
}
