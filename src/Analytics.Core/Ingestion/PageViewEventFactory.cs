using System.Net;
using Analytics.Enrichment;
using Analytics.Events;
using Microsoft.Extensions.Options;

namespace Analytics.Ingestion;

/// <summary>
/// Turns a checked client input into the event we store: assigns the id and time, fills defaults from the request,
/// reduces the IP address to what <see cref="AnalyticsOptions.IpAddressStorage"/> allows, and derives the operating
/// system once, at ingestion, instead of at every query.
/// </summary>
public sealed class PageViewEventFactory
{
    private readonly TimeProvider _timeProvider;
    private readonly IOptionsMonitor<AnalyticsOptions> _options;

    /// <summary>Creates the factory.</summary>
    public PageViewEventFactory(TimeProvider timeProvider, IOptionsMonitor<AnalyticsOptions> options)
    {
        _timeProvider = timeProvider;
        _options = options;
    }

    /// <summary>
    /// Builds the event, or returns null after recording in <paramref name="errors"/> why the input cannot be stored.
    /// </summary>
    /// <param name="input">The client's fields.</param>
    /// <param name="requestUserAgent">The request's <c>User-Agent</c> header, used when the input has none.</param>
    /// <param name="remoteAddress">The client's address as the host sees it, used when the input has none.</param>
    /// <param name="errors">Receives the problems.</param>
    /// <param name="fieldPrefix">Prefix for field names in <paramref name="errors"/>, for items of a batch.</param>
    public PageViewEvent? Create(
        PageViewInput input,
        string? requestUserAgent,
        IPAddress? remoteAddress,
        ValidationErrors errors,
        string fieldPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(errors);
        var options = _options.CurrentValue;
        var now = _timeProvider.GetUtcNow();
        var time = now;
        if (input.Timestamp is { } timestamp)
        {
            if (timestamp > now + options.MaxClockSkew)
            {
                errors.Add(fieldPrefix + "timestamp", $"Must not be more than {options.MaxClockSkew.TotalMinutes:0} minutes in the future.");
                return null;
            }

            if (timestamp < now - options.Retention)
            {
                errors.Add(fieldPrefix + "timestamp", $"Must not be older than the retention of {options.Retention.TotalDays:0} days.");
                return null;
            }

            time = timestamp;
        }

        var userAgent = input.UserAgent ?? Truncate(requestUserAgent, PageViewLimits.MaxUserAgentLength);
        var client = UserAgentParser.Parse(userAgent);
        return new PageViewEvent
        {
            Id = input.Id ?? Guid.CreateVersion7(now),
            Time = TruncateToMicroseconds(time.ToUniversalTime()),
            Page = input.Page,
            UserAgent = userAgent,
            IpAddress = IpAddressAnonymizer.Apply(input.ParsedIpAddress ?? (input.IpAddress is { } sent ? IPAddress.Parse(sent) : remoteAddress), options.IpAddressStorage),
            Referrer = input.Referrer,
            SessionId = input.SessionId,
            Duration = input.Duration,
            OperatingSystem = client.OperatingSystem,
            OsVersion = client.OsVersion,
            Browser = client.Browser,
            BrowserVersion = client.BrowserVersion,
            DeviceType = client.DeviceType,
            IsBot = client.IsBot,
        };
    }

    // Stores keep microseconds; the answer to POST must equal what GET returns later.
    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset time) =>
        new(time.Ticks - (time.Ticks % 10), TimeSpan.Zero);

    private static string? Truncate(string? value, int maxLength) =>
        value is { Length: > 0 } ? value[..Math.Min(value.Length, maxLength)] : null;
}
