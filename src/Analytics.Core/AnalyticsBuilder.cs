using Analytics.Storage.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Analytics;

/// <summary>Returned by <c>AddAnalytics</c> so that the store and options can be chosen in a chain.</summary>
public sealed class AnalyticsBuilder
{
    internal AnalyticsBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>The service collection analytics is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Changes options after they are bound.</summary>
    public AnalyticsBuilder Configure(Action<AnalyticsOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>
    /// Makes this a read-only node: no ingestion pipeline, no writer and no event factory are registered, and
    /// <c>MapAnalyticsEndpoints</c> maps only the reads (the stats API, the seed's aggregate and get by id) and the
    /// health check. Another instance on the same store ingests. The store's schema and maintenance still run here.
    /// </summary>
    public AnalyticsBuilder WithoutIngestion()
    {
        Services.RemoveAll<Ingestion.IngestionPipeline>();
        Services.RemoveAll<Ingestion.EventFactory>();
        foreach (var descriptor in Services.Where(IsPipelineHostedService).ToList())
        {
            Services.Remove(descriptor);
        }

        return this;
    }

    /// <summary>Stores events in PostgreSQL at <paramref name="connectionString"/> (an Npgsql string or a postgresql:// URL).</summary>
    public AnalyticsBuilder UsePostgreSql(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return Configure(options =>
        {
            options.ConnectionString = connectionString;
            options.UsesHostDataSource = false;
        });
    }

    // The pipeline's hosted-service registration: a factory that hands out the IngestionPipeline singleton.
    private static bool IsPipelineHostedService(ServiceDescriptor descriptor) =>
        descriptor.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService)
        && descriptor.ImplementationFactory is { } factory
        && factory.Method.ReturnType == typeof(Ingestion.IngestionPipeline);

    /// <summary>
    /// Stores events through the host's own <see cref="NpgsqlDataSource"/> (keyed by <paramref name="serviceKey"/>
    /// when given), sharing its pool. Analytics never registers or replaces a data source of the host's.
    /// </summary>
    public AnalyticsBuilder UseNpgsqlDataSource(object? serviceKey = null)
    {
        Services.Replace(ServiceDescriptor.Singleton(provider => new PostgreSqlDataSourceProvider(
            serviceKey is null
                ? provider.GetRequiredService<NpgsqlDataSource>()
                : provider.GetRequiredKeyedService<NpgsqlDataSource>(serviceKey))));
        return Configure(options => options.UsesHostDataSource = true);
    }
}
