using Analytics;
using Analytics.Storage;
using Analytics.Storage.DuckDb;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the embedded DuckDB store on the builder that <c>AddAnalytics</c> returns.</summary>
public static class AnalyticsDuckDbBuilderExtensions
{
    /// <summary>
    /// Stores events in the DuckDB file at <paramref name="path"/> (relative paths are resolved against the current
    /// directory) instead of PostgreSQL. The file and its directory are created when the store first opens it. One
    /// process owns the file: run a single instance per file, and PostgreSQL for several instances.
    /// </summary>
    public static AnalyticsBuilder UseDuckDb(this AnalyticsBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var fullPath = FullPath(path);
        builder.Services.Replace(ServiceDescriptor.Singleton<IEventStore>(provider => Create(provider, fullPath)));
        return builder.Configure(options => options.UsesOtherStore = true);
    }

    /// <summary>
    /// Stores events in the DuckDB file at <paramref name="path"/> unless PostgreSQL is configured: a connection string
    /// (<c>Analytics:ConnectionString</c>) or the host's data source. The choice is made when the store is first
    /// resolved, so configuration added after this call (environment, tests) still counts.
    /// </summary>
    public static AnalyticsBuilder UseDuckDbUnlessPostgreSqlIsConfigured(this AnalyticsBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var fullPath = FullPath(path);
        var services = builder.Services;
        var postgreSql = services.LastOrDefault(d => d.ServiceType == typeof(IEventStore) && !d.IsKeyedService)
            ?? throw new InvalidOperationException("Call services.AddAnalytics() before choosing its store.");
        services.PostConfigure<AnalyticsOptions>(options =>
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString) && !options.UsesHostDataSource)
            {
                options.UsesOtherStore = true;
            }
        });
        services.Replace(ServiceDescriptor.Singleton<IEventStore>(provider =>
            provider.GetRequiredService<IOptions<AnalyticsOptions>>().Value.UsesOtherStore
                ? Create(provider, fullPath)
                : Resolve(postgreSql, provider)));
        return builder;
    }

    private static string FullPath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Path.GetFullPath(path);
    }

    private static DuckDbEventStore Create(IServiceProvider provider, string path) => new(
        path,
        provider.GetRequiredService<IOptions<AnalyticsOptions>>().Value,
        provider.GetRequiredService<TimeProvider>(),
        provider.GetRequiredService<ILogger<DuckDbEventStore>>());

    private static IEventStore Resolve(ServiceDescriptor descriptor, IServiceProvider provider) =>
        (IEventStore)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));
}
