using Analytics.Ingestion;
using Analytics.Querying;

namespace Analytics.Core.Tests.Querying;

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
}
