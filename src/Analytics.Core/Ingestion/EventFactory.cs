using System.Net;
using Analytics.Enrichment;
using Analytics.Events;
using Analytics.Sites;
using Analytics.Storage;
using Microsoft.Extensions.Options;
using Analytics.Text;

namespace Analytics.Ingestion;

/// <summary>
/// Turns a checked client input into the event we store: assigns the id and time, fills defaults from the request,
/// and derives everything once, at ingestion, instead of at every query: the client (browser, OS, device, bot) from
/// the user agent; the site's host, the page's path and the UTM parameters from the page URL; the referrer's host
/// and traffic source; the cookieless visitor (keyed with the day's salt, from the full IP address, which is then
/// reduced to what <see cref="AnalyticsOptions.IpAddressStorage"/> allows); and a session when the client gave none.
/// </summary>
public sealed class EventFactory
{
    private readonly TimeProvider _timeProvider;
    private readonly IOptionsMonitor<AnalyticsOptions> _options;
    private readonly VisitorSalts _salts;
    private readonly SessionTracker _sessions;
    private readonly SiteCatalog _sites;

    /// <summary>Creates the factory.</summary>
    public EventFactory(TimeProvider timeProvider, IOptionsMonitor<AnalyticsOptions> options, VisitorSalts salts, SessionTracker sessions, SiteCatalog sites)
    {
        _sites = sites;
        _timeProvider = timeProvider;
        _options = options;
        _salts = salts;
        _sessions = sessions;
    }

    /// <summary>
    /// Builds the event, or returns null after recording in <paramref name="errors"/> why the input cannot be stored.
    /// </summary>
    /// <param name="input">The client's fields.</param>
    /// <param name="requestUserAgent">The request's <c>User-Agent</c> header, used when the input has none.</param>
    /// <param name="remoteAddress">The client's address as the host sees it, used when the input has none.</param>
    /// <param name="errors">Receives the problems.</param>
    /// <param name="fieldPrefix">Prefix for field names in <paramref name="errors"/>, for items of a batch.</param>
    /// <param name="requestOrigin">The request's <c>Origin</c> header: the site's host when the page is a path only.</param>
    public AnalyticsEvent? Create(
        EventInput input,
        string? requestUserAgent,
        IPAddress? remoteAddress,
        ValidationErrors errors,
        string fieldPrefix = "",
        string? requestOrigin = null) =>
        Create(input, requestUserAgent, remoteAddress, errors, out _, fieldPrefix, requestOrigin);

    /// <summary>
    /// As the public overload; <paramref name="dropped"/> is true (and the result null, with no error) for an
    /// <see cref="EventNames.Engagement"/> event that continues no open session of its visitor: engagement only
    /// measures a page view already counted, so it never opens a visit of its own (as Plausible drops it).
    /// </summary>
    internal AnalyticsEvent? Create(
        EventInput input,
        string? requestUserAgent,
        IPAddress? remoteAddress,
        ValidationErrors errors,
        out bool dropped,
        string fieldPrefix = "",
        string? requestOrigin = null)
    {
        dropped = false;
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

        var userAgent = input.UserAgent ?? Truncate(requestUserAgent, EventLimits.MaxUserAgentLength);
        var client = UserAgentParser.Parse(userAgent);
        var location = PageUrl.Parse(input.Page, options.KeepPageQuery, options.KeepPageFragment || input.HashMode);
        var hostname = location.Host ?? OriginHost(requestOrigin);
        string? site;
        if (input.Site is not null)
        {
            site = SiteDomain.Normalize(input.Site);
            if (site is null)
            {
                errors.Add(fieldPrefix + "site", "Must be a domain such as example.com.");
                return null;
            }
        }
        else
        {
            site = SiteDomain.Normalize(hostname) ?? SiteDomain.Normalize(options.DefaultSite)!;
        }

        if (!_sites.Accepts(site))
        {
            errors.Add(fieldPrefix + "site", $"The site '{ValidationErrors.Shorten(site)}' is not one of Analytics:Sites.");
            return null;
        }

        var referrerHost = Referrers.NormalizeHost(input.Referrer);
        var address = input.ParsedIpAddress ?? (input.IpAddress is { } sent ? IPAddress.Parse(sent) : remoteAddress);
        var id = input.Id ?? Guid.CreateVersion7(now);
        time = TruncateToMicroseconds(time.ToUniversalTime());

        // The salt of the day of arrival (a backfilled event's own day may have no salt any more).
        var today = VisitorSaltDays.DayOf(now);
        long? visitorId = _salts.TryGet(today, out var salt) ? VisitorHasher.Hash(salt, site, address, userAgent) : null;
        var sessionId = input.SessionId;
        var engagement = input.Name == EventNames.Engagement;
        if (visitorId is { } visitor && sessionId is null)
        {
            var continued = SessionAcrossMidnight(now, today, options.SessionTimeout, site, address, userAgent, time);
            if (continued is null && engagement)
            {
                continued = _sessions.TryContinue(visitor, time, out var open) ? (visitor, open) : null;
            }

            if (continued is { } session)
            {
                (visitorId, sessionId) = session;
            }
            else if (!engagement)
            {
                sessionId = _sessions.Resolve(visitor, time, id);
            }
        }

        if (engagement && sessionId is null)
        {
            dropped = true;
            return null;
        }

        return new AnalyticsEvent
        {
            Id = id,
            Site = site,
            Name = input.Name ?? EventNames.Pageview,
            Props = input.Props is null ? EventPropsDictionary.Empty : new EventPropsDictionary(input.Props),
            Interactive = !engagement && (input.Interactive ?? true),
            IdAssignedByServer = input.Id is null,
            Time = time,
            Page = location.Path,
            UserAgent = userAgent,
            IpAddress = IpAddressAnonymizer.Apply(address, options.IpAddressStorage),
            Referrer = input.Referrer,
            SessionId = sessionId,
            Duration = input.Duration,
            OperatingSystem = client.OperatingSystem,
            OsVersion = client.OsVersion,
            Browser = client.Browser,
            BrowserVersion = client.BrowserVersion,
            DeviceType = client.DeviceType,
            IsBot = client.IsBot,
            Hostname = hostname,
            ReferrerHost = referrerHost,
            ReferrerSource = Referrers.Classify(referrerHost, hostname, location.Utm),
            UtmSource = location.Utm.Source,
            UtmMedium = location.Utm.Medium,
            UtmCampaign = location.Utm.Campaign,
            UtmTerm = location.Utm.Term,
            UtmContent = location.Utm.Content,
            VisitorId = visitorId,
            ScrollDepth = engagement ? input.ScrollDepth : null,
            EngagementTime = engagement ? input.EngagementTime : null,
        };
    }

    // Just after midnight UTC a session begun yesterday goes on, under yesterday's visitor id: yesterday's salt is kept
    // (until the day after) for this alone.
    private (long VisitorId, string SessionId)? SessionAcrossMidnight(
        DateTimeOffset now,
        DateOnly today,
        TimeSpan sessionTimeout,
        string? hostname,
        IPAddress? address,
        string? userAgent,
        DateTimeOffset time)
    {
        if (now.UtcDateTime.TimeOfDay >= sessionTimeout || !_salts.TryGet(today.AddDays(-1), out var previousSalt))
        {
            return null;
        }

        var previous = VisitorHasher.Hash(previousSalt, hostname, address, userAgent);
        return _sessions.TryContinue(previous, time, out var continued) ? (previous, continued) : null;
    }

    // A browser sends "null" as the Origin of a sandboxed or file: page.
    private static string? OriginHost(string? origin) =>
        string.IsNullOrEmpty(origin) || origin == "null" ? null : Referrers.NormalizeHost(origin);

    // Stores keep microseconds; the answer to POST must equal what GET returns later.
    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset time) =>
        new(time.Ticks - (time.Ticks % 10), TimeSpan.Zero);

    private static string? Truncate(string? value, int maxLength) =>
        value is { Length: > 0 } ? TextClip.Prefix(value, maxLength) : null;
}
