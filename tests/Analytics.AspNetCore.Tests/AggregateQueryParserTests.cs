using Analytics.AspNetCore.Endpoints;
using Analytics.Ingestion;
using Analytics.Querying;

namespace Analytics.AspNetCore.Tests;

public sealed class AggregateQueryParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 3, 12, 0, 0, TimeSpan.Zero);
    private readonly AnalyticsOptions _options = new();

    private (AggregateQuery? Query, ValidationErrors Errors) Parse(string? duration = null, string?[]? pages = null, string? from = null, string? to = null)
    {
        var errors = new ValidationErrors();
        return (AggregateQueryParser.TryParse(duration, pages ?? [], from, to, Now, _options, errors), errors);
    }

    [Fact]
    public void Defaults_are_one_day_buckets_over_the_retention_and_all_pages()
    {
        var (query, errors) = Parse();

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal(TimeBucketWidth.OneDay, query!.Width);
        Assert.Equal(Now - _options.Retention, query.From);
        Assert.Equal(Now + _options.MaxClockSkew, query.To);
        Assert.Empty(query.Pages);
    }

    [Fact]
    public void Pages_are_deduplicated_and_empty_ones_dropped()
    {
        var (query, _) = Parse(pages: ["/a", "", "/b", "/a", null]);

        Assert.Equal(["/a", "/b"], query!.Pages);
    }

    [Fact]
    public void Too_many_buckets_are_refused_with_the_reason()
    {
        var (query, errors) = Parse(duration: "1 minute");

        Assert.Null(query);
        Assert.True(errors.Contains("duration"));
        Assert.Contains("buckets", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_narrow_range_allows_fine_buckets()
    {
        var (query, errors) = Parse(duration: "1 minute", from: "2026-03-03T00:00:00Z", to: "2026-03-03T06:00:00Z");

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 6, 0, 0, TimeSpan.Zero), query!.To);
    }

    [Theory]
    [InlineData("yesterday", null, "from")]
    [InlineData(null, "2026-13-01", "to")]
    [InlineData("2026-03-02", "2026-03-01", "to")]
    public void Bad_ranges_are_refused_naming_the_parameter(string? from, string? to, string field)
    {
        var (query, errors) = Parse(from: from, to: to);

        Assert.Null(query);
        Assert.True(errors.Contains(field), errors.ToString());
    }

    [Fact]
    public void Too_many_pages_are_refused()
    {
        var pages = Enumerable.Range(0, _options.MaxPagesPerQuery + 1).Select(i => (string?)$"/p{i}").ToArray();

        var (query, errors) = Parse(pages: pages);

        Assert.Null(query);
        Assert.True(errors.Contains("pages"));
    }

    [Fact]
    public void A_bad_duration_is_refused_naming_it()
    {
        var (query, errors) = Parse(duration: "1 fortnight");

        Assert.Null(query);
        Assert.True(errors.Contains("duration"));
    }

    private static (AggregateQuery? Query, ValidationErrors Errors) ParseDimensions(string?[]? groupBy = null, Dictionary<string, IReadOnlyList<string?>>? filters = null)
    {
        var errors = new ValidationErrors();
        return (AggregateQueryParser.TryParse(null, [], null, null, Now, new AnalyticsOptions(), errors, null, groupBy, filters), errors);
    }

    [Fact]
    public void Group_by_takes_repeated_and_comma_separated_names_in_a_fixed_order()
    {
        var (query, errors) = ParseDimensions(["referrer_source, browser", "browser", ""]);

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal([AggregateDimension.Browser, AggregateDimension.ReferrerSource], query!.GroupBy);
        Assert.Empty(query.Filters);
    }

    [Fact]
    public void An_unknown_group_by_field_is_refused_naming_the_parameter_and_the_choices()
    {
        var (query, errors) = ParseDimensions(["browser", "ip_address"]);

        Assert.Null(query);
        var message = Assert.Single(errors.ToDictionary()["group_by"]);
        Assert.Contains("'ip_address'", message, StringComparison.Ordinal);
        Assert.Contains("browser, device_type, referrer_source", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Filter_values_are_matched_without_regard_to_case_and_returned_as_stored()
    {
        var (query, errors) = ParseDimensions(filters: new()
        {
            ["browser"] = ["samsung internet,CHROME", "chrome"],
            ["device_type"] = ["Mobile"],
            ["referrer_source"] = [],
        });

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal(["Samsung Internet", "Chrome"], query!.Filters[AggregateDimension.Browser]);
        Assert.Equal(["mobile"], query.Filters[AggregateDimension.DeviceType]);
        Assert.False(query.Filters.ContainsKey(AggregateDimension.ReferrerSource));
    }

    [Theory]
    [InlineData("browser", "Netscape")]
    [InlineData("device_type", "fridge")]
    [InlineData("referrer_source", "tv-ad")]
    public void An_unknown_filter_value_is_refused_naming_the_field(string field, string value)
    {
        var (query, errors) = ParseDimensions(filters: new() { [field] = [value] });

        Assert.Null(query);
        Assert.Contains($"'{value}'", Assert.Single(errors.ToDictionary()[field]), StringComparison.Ordinal);
    }
}
