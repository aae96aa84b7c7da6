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
