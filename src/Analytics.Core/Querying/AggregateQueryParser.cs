using System.Globalization;
using Analytics.Events;
using Analytics.Ingestion;

namespace Analytics.Querying;

/// <summary>Checks the query string of <c>GET /api/events</c> and turns it into an <see cref="AggregateQuery"/>.</summary>
public static class AggregateQueryParser
{
    /// <summary>
    /// Parses the request (<paramref name="includeBots"/> is "true" or "false", default false). Missing <paramref name="from"/> means the start of the retention window; missing
    /// <paramref name="to"/> means now (plus the allowed clock skew). Returns null after filling
    /// <paramref name="errors"/> when any parameter is unusable.
    /// </summary>
    public static AggregateQuery? TryParse(
        string? duration,
        IReadOnlyList<string?> pages,
        string? from,
        string? to,
        DateTimeOffset now,
        AnalyticsOptions options,
        ValidationErrors errors,
        string? includeBots = null)
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);

        var width = TimeBucketWidth.OneDay;
        if (!string.IsNullOrWhiteSpace(duration) && !TimeBucketWidth.TryParse(duration, out width, out var widthError))
        {
            errors.Add("duration", widthError!);
        }

        var fromTime = ParseInstant(from, "from", errors) ?? now - options.Retention;
        var toTime = ParseInstant(to, "to", errors) ?? now + options.MaxClockSkew;

        var pageList = new List<string>(pages.Count);
        foreach (var page in pages)
        {
            if (string.IsNullOrEmpty(page))
            {
                continue;
            }

            if (page.Length > PageViewLimits.MaxPageLength)
            {
                errors.Add("pages", $"Each page must be at most {PageViewLimits.MaxPageLength} characters.");
                break;
            }

            // PostgreSQL text cannot hold U+0000; sent as a parameter it fails the query.
            if (page.Contains('\0', StringComparison.Ordinal))
            {
                errors.Add("pages", "A page must not contain the NUL character (%00).");
                break;
            }

            pageList.Add(page);
        }

        if (pageList.Count > options.MaxPagesPerQuery)
        {
            errors.Add("pages", $"At most {options.MaxPagesPerQuery} pages may be given; got {pageList.Count}.");
        }

        var bots = false;
        if (!string.IsNullOrWhiteSpace(includeBots) && !TryParseFlag(includeBots.Trim(), out bots))
        {
            errors.Add("include_bots", "Must be true or false.");
        }

        if (!errors.IsEmpty)
        {
            return null;
        }

        if (toTime <= fromTime)
        {
            errors.Add("to", "Must be later than from.");
            return null;
        }

        var buckets = Math.Ceiling((toTime - fromTime) / width.ApproximateLength);
        if (buckets > options.MaxBuckets)
        {
            errors.Add(
                "duration",
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"A width of {width} over {(toTime - fromTime).TotalDays:0.#} days gives {buckets:0} buckets; at most {options.MaxBuckets} are allowed. Use a wider duration or a narrower from/to."));
            return null;
        }

        return new AggregateQuery
        {
            Width = width,
            From = fromTime,
            To = toTime,
            Pages = pageList.Distinct(StringComparer.Ordinal).ToArray(),
            IncludeBots = bots,
        };
    }

    private static bool TryParseFlag(string text, out bool value)
    {
        value = text is "1" || text.Equals("true", StringComparison.OrdinalIgnoreCase);
        return value || text is "0" || text.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    private static DateTimeOffset? ParseInstant(string? text, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // ISO 8601 only; a value without an offset is UTC, never the server's local time.
        string[] formats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd"];
        if (DateTimeOffset.TryParseExact(
                text.Trim(),
                formats,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out var value))
        {
            return value;
        }

        errors.Add(field, "Must be an ISO 8601 date or date and time, for example 2026-03-01 or 2026-03-01T00:00:00Z.");
        return null;
    }
}
