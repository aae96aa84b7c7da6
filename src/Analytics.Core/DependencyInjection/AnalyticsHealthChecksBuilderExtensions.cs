using Analytics.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the analytics health checks to a host's own health checks.</summary>
public static class AnalyticsHealthChecksBuilderExtensions
{
    /// <summary>The name of the check that the store answers a trivial query within five seconds.</summary>
    public const string StoreCheckName = "analytics-store";

    /// <summary>The name of the check that the ingestion queue has room.</summary>
    public const string QueueCheckName = "analytics-ingestion-queue";

    /// <summary>
    /// Adds the analytics checks: the store answers (tags <see cref="AnalyticsServiceCollectionExtensions.HealthCheckTag"/>
    /// and <see cref="AnalyticsServiceCollectionExtensions.ReadinessTag"/>) and the ingestion queue is less than nine
    /// tenths full (<see cref="AnalyticsServiceCollectionExtensions.ReadinessTag"/>), each also with
    /// <paramref name="tags"/>, for a host that maps its own health endpoints. <c>AddAnalytics</c> already adds them
    /// (<c>MapAnalyticsEndpoints</c> maps <c>/health</c>, <c>/health/live</c> and <c>/health/ready</c>); calling this
    /// again adds no second check, only the tags.
    /// </summary>
    public static IHealthChecksBuilder AddAnalytics(this IHealthChecksBuilder builder, params string[] tags)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(tags);
        if (!builder.Services.Any(d => d.ServiceType == typeof(AnalyticsHealthChecksMarker)))
        {
            builder.Services.AddSingleton<AnalyticsHealthChecksMarker>();
            builder.AddCheck<EventStoreHealthCheck>(
                StoreCheckName,
                tags: [AnalyticsServiceCollectionExtensions.HealthCheckTag, AnalyticsServiceCollectionExtensions.ReadinessTag]);
            builder.AddCheck<IngestionQueueHealthCheck>(QueueCheckName, tags: [AnalyticsServiceCollectionExtensions.ReadinessTag]);
        }

        if (tags.Length > 0)
        {
            builder.Services.Configure<HealthCheckServiceOptions>(options =>
            {
                foreach (var registration in options.Registrations.Where(r => r.Name is StoreCheckName or QueueCheckName))
                {
                    registration.Tags.UnionWith(tags);
                }
            });
        }

        return builder;
    }

    /// <summary>Marks the checks as added, so that a second call adds no second check.</summary>
    internal sealed class AnalyticsHealthChecksMarker;
}
