using System.Diagnostics;

namespace Analytics.Diagnostics;

/// <summary>
/// The names under which the library reports: one <see cref="System.Diagnostics.Metrics.Meter"/> and one
/// <see cref="System.Diagnostics.ActivitySource"/>, both called <see cref="Name"/>, so that a host subscribes with
/// <c>AddMeter("Analytics")</c> and <c>AddSource("Analytics")</c>. docs/operations.md lists every instrument.
/// </summary>
public static class AnalyticsTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "Analytics";

    /// <summary>The activities of writes (<c>analytics.write</c>) and queries (<c>analytics.query</c>).</summary>
    internal static ActivitySource ActivitySource { get; } = new(Name, typeof(AnalyticsTelemetry).Assembly.GetName().Version?.ToString());
}
