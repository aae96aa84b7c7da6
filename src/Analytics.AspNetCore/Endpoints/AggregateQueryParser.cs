using System.Globalization;
using Analytics.Events;
using Analytics.Ingestion;
using Analytics.Querying;

namespace Analytics.AspNetCore.Endpoints;

/// <summary>Checks the query string of <c>GET /api/events</c> and turns it into an <see cref="AggregateQuery"/>.</summary>
internal static class AggregateQueryParser
{
    /// <summary>
    /// Parses the request (<paramref name="includeBots"/> is "true" or "false", default false; <paramref name="groupBy"/>
    /// names <see cref="AggregateDimension"/>s, repeated or comma-separated; <paramref name="filters"/> maps a
    /// dimension's name to the values to keep, repeated or comma-separated, matched without regard to case; <paramref name="site"/>
    /// keeps one site's events). Missing <paramref name="from"/> means the start of the retention window; missing
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
        string? includeBots = null,
        IReadOnlyList<string?>? groupBy = null,
        IReadOnlyDictionary<string, IReadOnlyList<string?>>? filters = null,
        string? site = null)
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

            if (page.Length > EventLimits.MaxPageLength)
            {
                errors.Add("pages", $"Each page must be at most {EventLimits.MaxPageLength} characters.");
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

        string? siteName = null;
        if (!string.IsNullOrWhiteSpace(site) && (siteName = Sites.SiteDomain.Normalize(site)) is null)
        {
            errors.Add("site", "Must be a domain such as example.com.");
        }

        var bots = false;
        if (!string.IsNullOrWhiteSpace(includeBots) && !TryParseFlag(includeBots.Trim(), out bots))
        {
            errors.Add("include_bots", "Must be true or false.");
        }

        var dimensions = ParseGroupBy(groupBy, errors);
        var filterValues = ParseFilters(filters, errors);
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
            Site = siteName,
            GroupBy = dimensions,
            Filters = filterValues,
        };
    }

    private static List<AggregateDimension> ParseGroupBy(IReadOnlyList<string?>? groupBy, ValidationErrors errors)
    {
        var named = new HashSet<AggregateDimension>();
        foreach (var name in Items(groupBy))
        {
            if (AggregateDimension.Find(name) is { } dimension)
            {
                named.Add(dimension);
            }
            else
            {
                errors.Add("group_by", $"Unknown field '{ValidationErrors.Shorten(name)}'; use {string.Join(", ", AggregateDimension.All)}.");
                break;
            }
        }

        return AggregateDimension.All.Where(named.Contains).ToList();
    }

    private static Dictionary<AggregateDimension, IReadOnlyList<string>> ParseFilters(
        IReadOnlyDictionary<string, IReadOnlyList<string?>>? filters,
        ValidationErrors errors)
    {
        var parsed = new Dictionary<AggregateDimension, IReadOnlyList<string>>();
        foreach (var (name, given) in filters ?? new Dictionary<string, IReadOnlyList<string?>>())
        {
            var dimension = AggregateDimension.Find(name) ?? throw new ArgumentException($"'{name}' is not an aggregate dimension.", nameof(filters));
            var values = new List<string>();
            foreach (var value in Items(given))
            {
                var known = dimension.Values.FirstOrDefault(v => v.Equals(value, StringComparison.OrdinalIgnoreCase));
                if (known is null)
                {
                    errors.Add(dimension.Name, $"Unknown value '{ValidationErrors.Shorten(value)}'; use {string.Join(", ", dimension.Values)}.");
                    break;
                }

                if (!values.Contains(known))
                {
                    values.Add(known);
                }
            }

            if (values.Count > 0)
            {
                parsed[dimension] = values;
            }
        }

        return parsed;
    }

    // Values may be repeated (?group_by=a&group_by=b) or comma-separated (?group_by=a,b).
    private static IEnumerable<string> Items(IReadOnlyList<string?>? values) =>
        (values ?? []).SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));


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
