using System.Globalization;
using System.Text.Json;

namespace Analytics.AspNetCore.Stats;

/// <summary>
/// Resolves a <c>date_range</c> to instants in the site's time zone, as Plausible's current parser does. "Today" is the
/// site's local date at <c>now</c>.
/// <list type="bullet">
/// <item><c>day</c>: today, whole. <c>24h</c>: the 24 hours up to the current second, inclusive.</item>
/// <item><c>Nd</c> (<c>7d</c>, <c>28d</c>, <c>30d</c>, <c>91d</c>, 1 to 5000): the N days that end yesterday.</item>
/// <item><c>month</c> and <c>year</c>: the current month or year, whole (days to come included).</item>
/// <item><c>Nmo</c> (<c>6mo</c>, <c>12mo</c>, 1 to 100): the N whole months before the current one.</item>
/// <item><c>all</c>: from the local day the retention window starts to the end of today.</item>
/// <item><c>[date, date]</c>: those local days, both whole. <c>[datetime, datetime]</c> (ISO 8601 with an offset): from
/// the first instant to the last one's second, inclusive.</item>
/// </list>
/// </summary>
internal static class StatsDateRangeResolver
{
    /// <summary>The most days of <c>Nd</c> (Plausible's bound).</summary>
    public const int MaxDays = 5000;

    /// <summary>The most months of <c>Nmo</c> (Plausible's bound).</summary>
    public const int MaxMonths = 100;

    /// <summary>Dates outside these years are refused, so that no range or comparison leaves the calendar.</summary>
    public const int MinYear = 1900;

    /// <inheritdoc cref="MinYear"/>
    public const int MaxYear = 2999;

    private static readonly string[] OffsetFormats =
    [
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
    ];

    /// <summary>The range <paramref name="value"/> names, or null with <paramref name="error"/> saying why not.</summary>
    public static StatsDateRange? Resolve(JsonElement value, DateTimeOffset now, TimeZoneInfo zone, TimeSpan retention, out string? error)
    {
        ArgumentNullException.ThrowIfNull(zone);
        error = null;
        var range = value.ValueKind switch
        {
            JsonValueKind.String => Shorthand(JsonText.StringOrNull(value) ?? "", now, zone, retention),
            JsonValueKind.Array => Pair(value, zone, ref error),
            _ => null,
        };

        if (range is null)
        {
            error ??= $"Invalid date range {JsonText.Shorten(value)}. Use \"day\", \"24h\", \"7d\", \"28d\", \"30d\", \"91d\" (any \"Nd\"), \"month\", \"6mo\", \"12mo\" (any \"Nmo\"), \"year\", \"all\", [\"2026-01-01\", \"2026-01-31\"] or [\"2026-01-01T00:00:00+01:00\", \"2026-01-01T11:59:59+01:00\"].";
        }

        return range;
    }

    private static StatsDateRange? Shorthand(string value, DateTimeOffset now, TimeZoneInfo zone, TimeSpan retention)
    {
        var today = SiteClock.DateAt(now, zone);
        switch (value)
        {
            case "day":
                return StatsDateRange.OfDays(today, today, zone);
            case "24h":
                var second = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)).ToUniversalTime();
                return new StatsDateRange(second.AddHours(-24), second.AddSeconds(1));
            case "month":
                var month = new DateOnly(today.Year, today.Month, 1);
                return StatsDateRange.OfDays(month, month.AddMonths(1).AddDays(-1), zone);
            case "year":
                return StatsDateRange.OfDays(new DateOnly(today.Year, 1, 1), new DateOnly(today.Year, 12, 31), zone);
            case "all":
                var floor = new DateTimeOffset(MinYear, 1, 1, 0, 0, 0, TimeSpan.Zero);
                var earliest = retention < TimeSpan.Zero || retention > now - floor
                    ? new DateOnly(MinYear, 1, 1)
                    : SiteClock.DateAt(now - retention, zone);
                return StatsDateRange.OfDays(earliest < today ? earliest : today, today, zone);
        }

        if (Count(value, "mo", MaxMonths) is { } months)
        {
            var current = new DateOnly(today.Year, today.Month, 1);
            return StatsDateRange.OfDays(current.AddMonths(-months), current.AddDays(-1), zone);
        }

        if (Count(value, "d", MaxDays) is { } days)
        {
            return StatsDateRange.OfDays(today.AddDays(-days), today.AddDays(-1), zone);
        }

        return null;
    }

    /// <summary>N of "N{unit}" when 1 &lt;= N &lt;= max, written without sign or leading zero.</summary>
    private static int? Count(string value, string unit, int max)
    {
        if (!value.EndsWith(unit, StringComparison.Ordinal) || value.Length == unit.Length || value[0] == '0')
        {
            return null;
        }

        var digits = value.AsSpan(0, value.Length - unit.Length);
        return digits.Length <= 4 && !digits.ContainsAnyExceptInRange('0', '9') && int.Parse(digits, CultureInfo.InvariantCulture) is var n && n <= max
            ? n
            : null;
    }

    private static StatsDateRange? Pair(JsonElement value, TimeZoneInfo zone, ref string? error)
    {
        if (value.GetArrayLength() != 2 || value[0].ValueKind != JsonValueKind.String || value[1].ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var first = JsonText.StringOrNull(value[0]) ?? "";
        var last = JsonText.StringOrNull(value[1]) ?? "";
        if (TryDate(first, out var firstDay) && TryDate(last, out var lastDay))
        {
            if (firstDay > lastDay)
            {
                error = $"Invalid date range {JsonText.Shorten(value)}: the first date is after the last.";
                return null;
            }

            return StatsDateRange.OfDays(firstDay, lastDay, zone);
        }

        if (TryInstant(first, out var from) && TryInstant(last, out var end))
        {
            var to = end.AddTicks(-(end.Ticks % TimeSpan.TicksPerSecond)).AddSeconds(1).ToUniversalTime();
            if (from >= to)
            {
                error = $"Invalid date range {JsonText.Shorten(value)}: the first instant is after the last.";
                return null;
            }

            return new StatsDateRange(from.ToUniversalTime(), to);
        }

        return null;
    }

    private static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
        && date.Year is >= MinYear and <= MaxYear;

    private static bool TryInstant(string text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParseExact(text, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant)
        && instant.UtcDateTime.Year is >= MinYear and <= MaxYear;
}
