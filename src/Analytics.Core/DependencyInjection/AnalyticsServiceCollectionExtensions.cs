using System.Diagnostics.Metrics;
using Analytics;
using Analytics.ApiKeys;
using Analytics.Diagnostics;
using Analytics.Enrichment;
using Analytics.Hosting;
using Analytics.Ingestion;
using Analytics.Sites;
using Analytics.Storage;
using Analytics.Storage.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers analytics in a service collection.</summary>
public static class AnalyticsServiceCollectionExtensions
{
    /// <summary>The tag of the analytics health check, for hosts that filter their health endpoints.</summary>
    public const string HealthCheckTag = "analytics";

    /// <summary>
    /// The tag of the analytics checks that say whether this instance should get traffic: the store answers and the
    /// ingestion queue has room (<c>/health/ready</c>).
    /// </summary>
    public const string ReadinessTag = "analytics-ready";

    /// <summary>Adds analytics storing events in PostgreSQL at <paramref name="connectionString"/>.</summary>
    public static AnalyticsBuilder AddAnalytics(this IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return services.AddAnalytics().UsePostgreSql(connectionString);
    }

    /// <summary>Adds analytics with options bound from <paramref name="configuration"/> (usually the "Analytics" section).</summary>
    public static AnalyticsBuilder AddAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddAnalytics();
        services.Configure<AnalyticsOptions>(configuration);
        return builder;
    }

    /// <summary>Adds analytics. Safe to call more than once: later calls only add their configuration.</summary>
    public static AnalyticsBuilder AddAnalytics(this IServiceCollection services, Action<AnalyticsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(d => d.ServiceType == typeof(AnalyticsMarker)))
        {
            services.AddSingleton<AnalyticsMarker>();
            services.AddOptions<AnalyticsOptions>().ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<AnalyticsOptions>, AnalyticsTimeZones>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AnalyticsOptions>, AnalyticsOptionsValidator>());
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton(provider => new SiteCatalog(provider.GetRequiredService<IOptions<AnalyticsOptions>>().Value));
            services.TryAddSingleton<VisitorSalts>();
            services.TryAddSingleton<SessionTracker>();
            services.TryAddSingleton<EventFactory>();
            // A factory, not constructor selection: with a data source of the host's in the container, the container
            // could otherwise pick the constructor that borrows it.
            services.TryAddSingleton(provider => new PostgreSqlDataSourceProvider(provider.GetRequiredService<IOptions<AnalyticsOptions>>()));
            services.TryAddSingleton<IEventStore>(provider => new PostgreSqlEventStore(
                provider.GetRequiredService<PostgreSqlDataSourceProvider>().DataSource,
                provider.GetRequiredService<IOptions<AnalyticsOptions>>().Value,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<PostgreSqlEventStore>>()));
            // Each role resolves to the one store, so a component can ask for the role it uses.
            services.TryAddSingleton<IEventWriter>(provider => provider.GetRequiredService<IEventStore>());
            services.TryAddSingleton<IEventReader>(provider => provider.GetRequiredService<IEventStore>());
            services.TryAddSingleton<IStoreMaintenance>(provider => provider.GetRequiredService<IEventStore>());
            services.TryAddSingleton<IVisitorStore>(provider => provider.GetRequiredService<IEventStore>());
            services.TryAddSingleton<IApiKeyStore>(provider => provider.GetRequiredService<IEventStore>());
            services.TryAddSingleton<IApiKeyService>(provider => new ApiKeyService(
                provider.GetRequiredService<IApiKeyStore>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<IOptionsMonitor<AnalyticsOptions>>()));
            // Started in this order and stopped in reverse: the schema exists before the writer starts, and the
            // writer drains its queue before the store's maintenance stops.
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AnalyticsStoreLifetime>());
            services.TryAddSingleton(provider => new AnalyticsMetrics(provider.GetService<IMeterFactory>()));
            services.TryAddSingleton(provider => new IngestionPipeline(
                provider.GetRequiredService<IEventStore>(),
                provider.GetRequiredService<IOptions<AnalyticsOptions>>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<IngestionPipeline>>(),
                provider.GetRequiredService<AnalyticsMetrics>()));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, IngestionPipeline>(provider => provider.GetRequiredService<IngestionPipeline>()));
            services.AddHealthChecks().AddAnalytics();
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return new AnalyticsBuilder(services);
    }

    /// <summary>Marks the collection as configured, so a second call adds no second health check or hosted service.</summary>
    internal sealed class AnalyticsMarker;
}
