using Analytics.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Analytics.StandaloneHost;

/// <summary>
/// The standalone service's telemetry through OpenTelemetry: the library's meter and activity source (both
/// "Analytics") plus ASP.NET Core's request metrics, scraped by Prometheus at <c>/metrics</c>, and sent over OTLP when
/// the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. docs/operations.md lists the instruments.
/// </summary>
internal static class StandaloneTelemetry
{
    /// <summary>Where Prometheus scrapes.</summary>
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddStandaloneTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(AnalyticsTelemetry.Name, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                // No cached answer: a scrape right after a change sees it (scrapes are seconds apart anyway).
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0))
            .WithTracing(tracing => tracing.AddSource(AnalyticsTelemetry.Name));

        // Only with an endpoint: without one the exporter would send to localhost:4317 and log every failure.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    public static WebApplication MapStandaloneTelemetry(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
