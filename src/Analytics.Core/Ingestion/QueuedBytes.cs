using Analytics.Events;

namespace Analytics.Ingestion;

/// <summary>
/// An estimate of the memory an event takes while it waits in the ingestion queue: its text at two bytes a character
/// (.NET strings are UTF-16) plus a fixed overhead for the object, its fixed fields and the strings' headers. It
/// bounds the queue in bytes (<see cref="AnalyticsOptions.MaxQueuedBytes"/>); it need not be exact, only grow with
/// what a client can make large.
/// </summary>
internal static class QueuedBytes
{
    /// <summary>The event object, its value fields, and about twenty string and dictionary headers.</summary>
    private const long Overhead = 512;

    /// <summary>The estimated size of <paramref name="events"/>.</summary>
    public static long Of(IReadOnlyList<AnalyticsEvent> events)
    {
        long total = 0;
        for (var i = 0; i < events.Count; i++)
        {
            total += Of(events[i]);
        }

        return total;
    }

    /// <summary>The estimated size of one event.</summary>
    public static long Of(AnalyticsEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        long characters = Length(e.Site) + Length(e.Name) + Length(e.Page) + Length(e.Hostname) + Length(e.UserAgent)
            + Length(e.IpAddress) + Length(e.Referrer) + Length(e.SessionId) + Length(e.OperatingSystem) + Length(e.OsVersion)
            + Length(e.Browser) + Length(e.BrowserVersion) + Length(e.DeviceType) + Length(e.ReferrerHost)
            + Length(e.ReferrerSource) + Length(e.UtmSource) + Length(e.UtmMedium) + Length(e.UtmCampaign)
            + Length(e.UtmTerm) + Length(e.UtmContent);
        long props = 0;
        foreach (var (key, value) in e.Props)
        {
            // Each entry: two strings and the dictionary's slot.
            props += 64 + 2L * (key.Length + value.Length);
        }

        return Overhead + (2 * characters) + props;
    }

    private static int Length(string? text) => text?.Length ?? 0;
}
