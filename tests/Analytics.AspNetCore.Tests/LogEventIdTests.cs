using System.Reflection;
using Analytics.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Analytics.AspNetCore.Tests;

/// <summary>Every log message of the library takes its event id from the one registry, and no id is used twice.</summary>
public sealed class LogEventIdTests
{
    private static readonly Assembly[] LibraryAssemblies =
    [
        typeof(AnalyticsTelemetry).Assembly,                                     // Analytics.Core
        typeof(Microsoft.AspNetCore.Builder.AnalyticsEndpointRouteBuilderExtensions).Assembly,
        typeof(Microsoft.Extensions.DependencyInjection.AnalyticsDuckDbBuilderExtensions).Assembly,
    ];

    [Fact]
    public void Every_logger_message_uses_a_registered_event_id_and_no_id_twice()
    {
        var registered = typeof(AnalyticsLogEvents)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (int)f.GetRawConstantValue()!)
            .ToList();
        var used = LibraryAssemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.Name}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();

        Assert.Equal(registered.Count, registered.Distinct().Count());
        Assert.NotEmpty(used);
        Assert.All(used, m => Assert.True(registered.Contains(m.Attribute!.EventId), $"{m.Method} logs with event id {m.Attribute!.EventId}, not in AnalyticsLogEvents."));
        Assert.Equal(used.Count, used.Select(m => m.Attribute!.EventId).Distinct().Count());
    }
}
