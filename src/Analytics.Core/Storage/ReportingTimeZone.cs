namespace Analytics.Storage;

/// <summary>The zone buckets are aligned in (<see cref="AnalyticsOptions.TimeZone"/>), as every store resolves it.</summary>
internal static class ReportingTimeZone
{
    /// <summary>The zone, and whether it is UTC, in which case stores skip every conversion.</summary>
    public static (TimeZoneInfo Zone, bool IsUtc) Resolve(string timeZoneId)
    {
        var zone = Iana(TimeZoneInfo.FindSystemTimeZoneById(timeZoneId));
        return (zone, IsUtc(zone));
    }

    /// <summary>Whether the zone is UTC itself, so that local time is the stored instant.</summary>
    public static bool IsUtc(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return zone.Id is "UTC" or "Etc/UTC" or "Etc/Universal" || zone.Equals(TimeZoneInfo.Utc);
    }

    /// <summary>
    /// The zone under its IANA name, which PostgreSQL knows: .NET also accepts Windows names ("W. Europe Standard
    /// Time"), which PostgreSQL refuses.
    /// </summary>
    public static TimeZoneInfo Iana(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return !zone.HasIanaId && TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) && TimeZoneInfo.TryFindSystemTimeZoneById(iana, out var found)
            ? found
            : zone;
    }
}
