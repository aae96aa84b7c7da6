using System.Text.Json;
using Analytics.Ingestion;
using Analytics.Querying.Stats;
using Analytics.Sites;
using Analytics.Text;

namespace Analytics.AspNetCore.Stats;

/// <summary>
/// Reads a <c>POST /api/v2/query</c> body (Plausible's Stats API v2) into a <see cref="StatsRequest"/>, checking it
/// against Plausible's rules. Problems are recorded under the member they concern: <c>site_id</c>, <c>metrics</c>,
/// <c>dimensions</c>, <c>filters[i]</c>, <c>date_range</c>, <c>order_by</c>, <c>include</c>,
/// <c>include.comparisons</c>, <c>pagination</c> or, for a body that is not a JSON object, <c>body</c>.
/// </summary>
internal sealed class StatsRequestReader
{
    /// <summary>The largest accepted body; a query is a few hundred bytes.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The most rows a page may hold (Plausible's bound and default).</summary>
    public const int MaxLimit = 10_000;

    private static readonly string[] Members = ["site_id", "metrics", "date_range", "dimensions", "filters", "order_by", "include", "pagination"];

    private readonly SiteCatalog _sites;
    private readonly DateTimeOffset _now;
    private readonly TimeSpan _retention;
    private readonly ValidationErrors _errors;
    private readonly int _maxRows;

    private StatsRequestReader(SiteCatalog sites, DateTimeOffset now, TimeSpan retention, ValidationErrors errors, int maxRows)
    {
        _sites = sites;
        _now = now;
        _retention = retention;
        _errors = errors;
        _maxRows = maxRows;
    }

    /// <summary>Every dimension's name, for messages.</summary>
    public static string DimensionList { get; } = string.Join(", ", StatsDimension.Names.Append("event:props:<key>").Append("time"));

    /// <summary>Every metric's name, for messages.</summary>
    public static string MetricList { get; } = string.Join(", ", StatsMetric.All.Select(m => m.Name));

    /// <summary>The request <paramref name="body"/> holds, or null with the problems in <paramref name="errors"/>.</summary>
    /// <param name="body">The body, UTF-8 JSON.</param>
    /// <param name="sites">The sites served, and their time zones.</param>
    /// <param name="now">The current instant: relative ranges end around it.</param>
    /// <param name="retention">How long events are kept: <c>all</c> starts that long ago.</param>
    /// <param name="errors">Where problems go.</param>
    /// <param name="maxRows">The most rows a page may hold (<see cref="AnalyticsOptions.MaxResultRows"/>), and its default; at most <see cref="MaxLimit"/>.</param>
    public static StatsRequest? Read(ReadOnlySpan<byte> body, SiteCatalog sites, DateTimeOffset now, TimeSpan retention, ValidationErrors errors, int maxRows = MaxLimit)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(errors);
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body);
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                document.Dispose();
                errors.Add("body", "The body holds more than one JSON value.");
                return null;
            }
        }
        catch (JsonException exception)
        {
            errors.Add("body", $"The body is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}).");
            return null;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add("body", "The body must be a JSON object with site_id, metrics and date_range.");
                return null;
            }

            try
            {
                return new StatsRequestReader(sites, now, retention, errors, Math.Clamp(maxRows, 1, MaxLimit)).Read(document.RootElement);
            }
            catch (InvalidOperationException) when (UnreadableJsonText.IsIn(body))
            {
                // A member name (JsonProperty.Name) or string that is not valid text, wherever it was read.
                errors.Add("body", UnreadableJsonText.Message);
                return null;
            }
        }
    }

    private StatsRequest? Read(JsonElement root)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (!Members.Contains(property.Name, StringComparer.Ordinal))
            {
                _errors.Add(property.Name, $"Unknown property `{ValidationErrors.Shorten(property.Name)}`. Valid properties are {string.Join(", ", Members)}.");
            }
        }

        var missing = Members.Take(3).Where(m => !root.TryGetProperty(m, out _)).ToList();
        if (missing.Count > 0)
        {
            foreach (var member in missing)
            {
                _errors.Add(member, $"Required property {member} was not present.");
            }

            return null;
        }

        var site = ReadSite(root.GetProperty("site_id"));
        var zone = _sites.TimeZoneOf(site ?? "");
        var range = StatsDateRangeResolver.Resolve(root.GetProperty("date_range"), _now, zone, _retention, out var rangeError);
        if (rangeError is not null)
        {
            _errors.Add("date_range", rangeError);
        }

        var metrics = ReadMetrics(root.GetProperty("metrics"));
        var dimensions = range is null ? null : ReadDimensions(Optional(root, "dimensions"), range);
        var filtersJson = Optional(root, "filters") ?? EmptyArray;
        var filters = StatsFilterReader.Read(filtersJson, _errors, out var filtersEventPage);
        var (timeLabels, totalRows, imports, comparison, comparisonJson) = ReadInclude(Optional(root, "include"), zone);
        var (limit, offset) = ReadPagination(Optional(root, "pagination"));
        if (site is null || range is null || metrics is null || dimensions is null || filters is null || !_errors.IsEmpty)
        {
            return null;
        }

        var orderBy = ReadOrderBy(Optional(root, "order_by"), metrics, dimensions);
        Check(metrics, dimensions, filters, filtersEventPage, timeLabels);
        CheckBuckets(dimensions, range, comparison, zone, timeLabels);
        if (orderBy is null || !_errors.IsEmpty)
        {
            return null;
        }

        var query = new StatsQuery
        {
            Site = site,
            From = range.From,
            To = range.To,
            TimeZone = zone,
            Metrics = metrics,
            Dimensions = dimensions,
            Filters = filters,
            OrderBy = orderBy,
            Limit = limit,
            Offset = offset,
        };
        return new StatsRequest
        {
            Query = query,
            Range = range,
            FiltersJson = filtersJson.Clone(),
            TimeLabels = timeLabels,
            TotalRows = totalRows,
            Imports = imports,
            Comparison = comparison,
            ComparisonJson = comparisonJson?.Clone(),
            MaxRows = _maxRows,
        };
    }

    private static JsonElement EmptyArray { get; } = JsonDocument.Parse("[]").RootElement;

    private static JsonElement? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private string? ReadSite(JsonElement value)
    {
        var site = SiteDomain.Normalize(JsonText.StringOrNull(value));
        if (site is null)
        {
            _errors.Add("site_id", "Must be the site's domain, such as example.com.");
            return null;
        }

        if (!_sites.Accepts(site))
        {
            _errors.Add("site_id", $"The site `{ValidationErrors.Shorten(site)}` is not served here.");
            return null;
        }

        return site;
    }

    private List<StatsMetric>? ReadMetrics(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            _errors.Add("metrics", $"Must be a non-empty array of metrics: {MetricList}.");
            return null;
        }

        var metrics = new List<StatsMetric>();
        foreach (var item in value.EnumerateArray())
        {
            var metric = JsonText.StringOrNull(item) is { } name ? StatsMetric.Find(name) : null;
            if (metric is null)
            {
                _errors.Add("metrics", $"Invalid metric {JsonText.Shorten(item)}. Valid metrics are {MetricList}.");
            }
            else if (metrics.Contains(metric))
            {
                _errors.Add("metrics", $"The metric `{metric.Name}` is listed twice.");
            }
            else
            {
                metrics.Add(metric);
            }
        }

        return metrics.Count == value.GetArrayLength() ? metrics : null;
    }

    private List<StatsDimension>? ReadDimensions(JsonElement? value, StatsDateRange range)
    {
        var dimensions = new List<StatsDimension>();
        if (value is not { } array)
        {
            return dimensions;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            _errors.Add("dimensions", $"Must be an array of dimensions: {DimensionList}.");
            return null;
        }

        foreach (var item in array.EnumerateArray())
        {
            var name = JsonText.StringOrNull(item);
            var dimension = name == "time" ? StatsTimeDimension.Resolve(range) : name is null ? null : StatsDimension.Find(name);
            if (dimension is null)
            {
                _errors.Add("dimensions", $"Invalid dimension {JsonText.Shorten(item)}. Valid dimensions are {DimensionList}.");
            }
            else if (dimensions.Contains(dimension))
            {
                _errors.Add("dimensions", $"The dimension `{dimension.Name}` is listed twice.");
            }
            else
            {
                dimensions.Add(dimension);
            }
        }

        if (dimensions.Count(d => d.Kind == StatsDimensionKind.Time) > 1)
        {
            _errors.Add("dimensions", "At most one time dimension may be queried.");
        }

        return dimensions.Count == array.GetArrayLength() ? dimensions : null;
    }

    private List<StatsOrder>? ReadOrderBy(JsonElement? value, List<StatsMetric> metrics, List<StatsDimension> dimensions)
    {
        if (value is not { } array)
        {
            return [.. StatsOrder.Default(metrics, dimensions)];
        }

        var time = dimensions.FirstOrDefault(d => d.Kind == StatsDimensionKind.Time);

        const string Shape = "Must be an array of [metric or dimension, \"asc\" or \"desc\"], such as [[\"visitors\", \"desc\"]].";
        if (array.ValueKind != JsonValueKind.Array)
        {
            _errors.Add("order_by", Shape);
            return null;
        }

        var orders = new List<StatsOrder>();
        foreach (var entry in array.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Array || entry.GetArrayLength() != 2
                || JsonText.StringOrNull(entry[0]) is not { } name || JsonText.StringOrNull(entry[1]) is not ("asc" or "desc"))
            {
                _errors.Add("order_by", $"Invalid order_by entry {JsonText.Shorten(entry)}. {Shape}");
                return null;
            }

            if (name == "time" && time is not null)
            {
                name = time.Name;
            }

            if (!metrics.Exists(m => m.Name == name) && !dimensions.Exists(d => d.Name == name))
            {
                _errors.Add("order_by", $"Invalid order_by entry {JsonText.Shorten(entry)}. Entry is not a queried metric or dimension.");
                return null;
            }

            orders.Add(new StatsOrder(name, entry[1].ValueEquals("desc")));
        }

        return orders;
    }

    private (bool TimeLabels, bool TotalRows, bool Imports, StatsComparisonRequest? Comparison, JsonElement? ComparisonJson) ReadInclude(JsonElement? value, TimeZoneInfo zone)
    {
        if (value is not { } include)
        {
            return default;
        }

        if (include.ValueKind != JsonValueKind.Object)
        {
            _errors.Add("include", "Must be an object: {\"time_labels\": true, \"total_rows\": true, \"comparisons\": {\"mode\": \"previous_period\"}}.");
            return default;
        }

        bool timeLabels = false, totalRows = false, imports = false;
        StatsComparisonRequest? comparison = null;
        JsonElement? comparisonJson = null;
        foreach (var property in include.EnumerateObject())
        {
            var flag = property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False ? property.Value.GetBoolean() : (bool?)null;
            switch (property.Name)
            {
                case "time_labels" when flag is { } set:
                    timeLabels = set;
                    break;
                case "total_rows" when flag is { } set:
                    totalRows = set;
                    break;
                case "imports" when flag is { } set:
                    imports = set;
                    break;
                case "comparisons":
                    comparison = ReadComparison(property.Value, zone);
                    comparisonJson = comparison is null ? null : property.Value;
                    break;
                case "time_labels" or "total_rows" or "imports":
                    _errors.Add("include", $"include.{property.Name} must be true or false.");
                    break;
                default:
                    _errors.Add("include", $"Unknown property include.{ValidationErrors.Shorten(property.Name)}. Valid properties are time_labels, total_rows, imports, comparisons.");
                    break;
            }
        }

        return (timeLabels, totalRows, imports, comparison, comparisonJson);
    }

    private StatsComparisonRequest? ReadComparison(JsonElement value, TimeZoneInfo zone)
    {
        const string Field = "include.comparisons";
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("mode", out var modeValue))
        {
            _errors.Add(Field, "Must be {\"mode\": \"previous_period\"}, {\"mode\": \"year_over_year\"} or {\"mode\": \"custom\", \"date_range\": [\"2026-01-01\", \"2026-01-31\"]}.");
            return null;
        }

        StatsComparisonMode? mode = JsonText.StringOrNull(modeValue) switch
        {
            "previous_period" => StatsComparisonMode.PreviousPeriod,
            "year_over_year" => StatsComparisonMode.YearOverYear,
            "custom" => StatsComparisonMode.Custom,
            _ => null,
        };
        if (mode is null)
        {
            _errors.Add(Field, $"Invalid comparison mode {JsonText.Shorten(modeValue)}. Valid modes are previous_period, year_over_year, custom.");
            return null;
        }

        StatsDateRange? custom = null;
        foreach (var property in value.EnumerateObject())
        {
            switch (property.Name)
            {
                case "mode":
                    break;
                case "match_day_of_week" when property.Value.ValueKind == JsonValueKind.False:
                    break;
                case "match_day_of_week":
                    _errors.Add(Field, "match_day_of_week is not supported; leave it out or set it to false.");
                    return null;
                case "date_range" when mode == StatsComparisonMode.Custom:
                    custom = StatsDateRangeResolver.Resolve(property.Value, _now, zone, _retention, out var error);
                    if (error is not null)
                    {
                        _errors.Add(Field, error);
                        return null;
                    }

                    break;
                default:
                    _errors.Add(Field, $"Unknown property include.comparisons.{ValidationErrors.Shorten(property.Name)} for the mode {JsonText.Shorten(modeValue)}.");
                    return null;
            }
        }

        if (mode == StatsComparisonMode.Custom && custom is null)
        {
            _errors.Add(Field, "A custom comparison needs its date_range, such as [\"2026-01-01\", \"2026-01-31\"].");
            return null;
        }

        return new StatsComparisonRequest(mode.Value, custom);
    }

    private (int Limit, int Offset) ReadPagination(JsonElement? value)
    {
        var shape = $"Must be {{\"limit\": 1 to {_maxRows}, \"offset\": 0 or more}}.";
        var (limit, offset) = (_maxRows, 0);
        if (value is not { } pagination)
        {
            return (limit, offset);
        }

        if (pagination.ValueKind != JsonValueKind.Object)
        {
            _errors.Add("pagination", shape);
            return (limit, offset);
        }

        foreach (var property in pagination.EnumerateObject())
        {
            var number = property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var n) ? n : (int?)null;
            switch (property.Name)
            {
                case "limit" when number >= 1 && number <= _maxRows:
                    limit = number.Value;
                    break;
                case "offset" when number >= 0:
                    offset = number.Value;
                    break;
                default:
                    _errors.Add("pagination", $"Invalid pagination.{ValidationErrors.Shorten(property.Name)} {JsonText.Shorten(property.Value)}. {shape}");
                    break;
            }
        }

        return (limit, offset);
    }

    /// <summary>Time labels are listed for <c>include.time_labels</c> and to pair comparison rows: refused past a bound.</summary>
    private void CheckBuckets(List<StatsDimension> dimensions, StatsDateRange range, StatsComparisonRequest? comparison, TimeZoneInfo zone, bool timeLabels)
    {
        if (dimensions.Find(d => d.Kind == StatsDimensionKind.Time)?.TimeUnit is not { } unit || (!timeLabels && comparison is null))
        {
            return;
        }

        if (!StatsTimeDimension.Fits(range, unit) || (comparison is not null && !StatsTimeDimension.Fits(comparison.RangeFor(range, zone), unit)))
        {
            _errors.Add(
                timeLabels ? "include" : "include.comparisons",
                $"The range has more than {StatsTimeDimension.MaxBuckets} buckets of {unit.ToString().ToLowerInvariant()}; query a longer time dimension.");
        }
    }

    /// <summary>Plausible's rules that tie metrics, dimensions, filters and include together.</summary>
    private void Check(List<StatsMetric> metrics, List<StatsDimension> dimensions, IReadOnlyList<StatsFilter> filters, bool filtersEventPage, bool timeLabels)
    {
        // Plausible's rules for the engagement metrics: scroll depth wants the page in a dimension or in a top-level
        // filter (not inside and/or/not); time on page in a dimension or a filter at any depth.
        var byPage = dimensions.Exists(d => d.Name == "event:page");
        if (metrics.Contains(StatsMetric.ScrollDepth) && !byPage && !filters.OfType<StatsCondition>().Any(c => c.Dimension.Name == "event:page"))
        {
            _errors.Add(
                "metrics",
                "Metric `scroll_depth` can only be queried with event:page filters or dimensions: group by `event:page`, or filter on `event:page` at the top level of `filters` (not inside and, or, not).");
        }

        if (metrics.Contains(StatsMetric.TimeOnPage) && !byPage && !filtersEventPage)
        {
            _errors.Add("metrics", "Metric `time_on_page` can only be queried with event:page filters or dimensions: group by `event:page`, or filter on `event:page`.");
        }

        if (metrics.Contains(StatsMetric.ViewsPerVisit))
        {
            if (dimensions.Count > 0)
            {
                _errors.Add("metrics", "Metric `views_per_visit` cannot be queried with `dimensions`.");
            }

            if (filtersEventPage)
            {
                _errors.Add("metrics", "Metric `views_per_visit` cannot be queried with a filter on `event:page`.");
            }
        }

        var sessionOnly = metrics.Where(m => m.IsSessionOnly).ToList();
        if (sessionOnly.Count > 0 && dimensions.Exists(d => d.Kind == StatsDimensionKind.Event && d.Name is not ("event:page" or "event:hostname")))
        {
            _errors.Add("metrics", $"Session metric(s) {string.Join(", ", sessionOnly.Select(m => $"`{m.Name}`"))} cannot be queried along with event dimensions.");
        }

        if (timeLabels && !dimensions.Exists(d => d.Kind == StatsDimensionKind.Time))
        {
            _errors.Add("include", "Invalid include.time_labels: requires a time dimension.");
        }
    }
}
