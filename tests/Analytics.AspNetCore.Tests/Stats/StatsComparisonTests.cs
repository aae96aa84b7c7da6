using Analytics.AspNetCore.Stats;
using Analytics.Querying.Stats;

namespace Analytics.AspNetCore.Tests.Stats;

/// <summary>Comparison ranges, the pairing of rows and the change of each metric, as Plausible computes them.</summary>
public sealed class StatsComparisonTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Theory]
    [InlineData(10L, 5L, 100L)]
    [InlineData(5L, 10L, -50L)]
    [InlineData(1L, 3L, -67L)]
    [InlineData(1L, 8L, -88L)]
    [InlineData(3L, 3L, 0L)]
    [InlineData(5L, 0L, 100L)]
    [InlineData(0L, 0L, 0L)]
    [InlineData(0L, 4L, -100L)]
    public void Change_is_the_whole_percent_from_the_old_value(long current, long previous, long expected)
    {
        Assert.Equal(expected, StatsComparison.Change(StatsMetric.Visitors, current, previous));
    }

    [Fact]
    public void Change_of_a_decimal_metric_is_in_whole_percent_too()
    {
        Assert.Equal(50L, StatsComparison.Change(StatsMetric.ViewsPerVisit, 1.5, 1.0));
        Assert.Equal(300L, StatsComparison.Change(StatsMetric.Percentage, 50.0, 12.5));
    }

    [Fact]
    public void Change_of_the_bounce_rate_is_in_points_and_null_from_zero()
    {
        Assert.Equal(-10L, StatsComparison.Change(StatsMetric.BounceRate, 40L, 50L));
        Assert.Equal(25L, StatsComparison.Change(StatsMetric.BounceRate, 75L, 50L));
        Assert.Null(StatsComparison.Change(StatsMetric.BounceRate, 40L, 0L));
    }

    [Fact]
    public void Change_is_null_when_either_value_is()
    {
        Assert.Null(StatsComparison.Change(StatsMetric.VisitDuration, 30L, null));
        Assert.Null(StatsComparison.Change(StatsMetric.Percentage, null, 12.5));
    }

    [Fact]
    public void A_row_missing_from_the_comparison_reads_null_for_the_averages_and_zero_for_counts()
    {
        Assert.Null(StatsComparison.Default(StatsMetric.ScrollDepth));
        Assert.Null(StatsComparison.Default(StatsMetric.TimeOnPage));
        Assert.Null(StatsComparison.Default(StatsMetric.VisitDuration));
        Assert.Equal(0L, StatsComparison.Default(StatsMetric.Visitors));
        Assert.Null(StatsComparison.Change(StatsMetric.ScrollDepth, 40L, StatsComparison.Default(StatsMetric.ScrollDepth)));
        Assert.Equal(-25L, StatsComparison.Change(StatsMetric.TimeOnPage, 150L, 200L));
    }

    [Fact]
    public void Previous_period_of_days_is_as_many_days_right_before()
    {
        var range = StatsDateRange.OfDays(new DateOnly(2026, 2, 3), new DateOnly(2026, 2, 9), Berlin);

        var previous = new StatsComparisonRequest(StatsComparisonMode.PreviousPeriod).RangeFor(range, Berlin);

        Assert.Equal(new DateOnly(2026, 1, 27), previous.FirstDay);
        Assert.Equal(new DateOnly(2026, 2, 2), previous.LastDay);
        Assert.Equal(new DateTimeOffset(2026, 1, 26, 23, 0, 0, TimeSpan.Zero), previous.From);
        Assert.Equal(range.From, previous.To);
    }

    [Fact]
    public void Year_over_year_takes_the_same_dates_a_year_before()
    {
        var range = StatsDateRange.OfDays(new DateOnly(2024, 2, 1), new DateOnly(2024, 2, 29), Berlin);

        var previous = new StatsComparisonRequest(StatsComparisonMode.YearOverYear).RangeFor(range, Berlin);

        Assert.Equal(new DateOnly(2023, 2, 1), previous.FirstDay);
        Assert.Equal(new DateOnly(2023, 2, 28), previous.LastDay);
    }

    [Fact]
    public void Ranges_of_instants_shift_by_their_length_or_by_a_year_of_local_time()
    {
        var range = new StatsDateRange(new DateTimeOffset(2026, 2, 9, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 10, 12, 0, 1, TimeSpan.Zero));

        var previous = new StatsComparisonRequest(StatsComparisonMode.PreviousPeriod).RangeFor(range, Berlin);
        var lastYear = new StatsComparisonRequest(StatsComparisonMode.YearOverYear).RangeFor(range, Berlin);

        Assert.Equal(new DateTimeOffset(2026, 2, 8, 11, 59, 59, TimeSpan.Zero), previous.From);
        Assert.Equal(range.From, previous.To);
        Assert.Equal(new DateTimeOffset(2025, 2, 9, 12, 0, 0, TimeSpan.Zero), lastYear.From);
        Assert.Equal(new DateTimeOffset(2025, 2, 10, 12, 0, 1, TimeSpan.Zero), lastYear.To);
    }

    [Fact]
    public void Rows_pair_through_time_labels_by_position_and_other_values_by_equality()
    {
        StatsMetric[] metrics = [StatsMetric.Visitors, StatsMetric.BounceRate];
        StatsRow[] rows =
        [
            new(["2026-02-09", "Google"], [10L, 40L]),
            new(["2026-02-10", "Google"], [4L, 50L]),
            new(["2026-02-10", "Bing"], [2L, 0L]),
        ];
        StatsRow[] comparisonRows =
        [
            new(["2026-02-02", "Google"], [5L, 50L]),
            new(["2026-02-03", "Bing"], [2L, 100L]),
            new(["2026-02-03", "Google"], [8L, 0L]),
        ];

        var paired = StatsComparison.Pair(metrics, rows, comparisonRows, 0, ["2026-02-09", "2026-02-10"], ["2026-02-02", "2026-02-03"]);

        Assert.Equal(["2026-02-02", "Google"], paired[0].Dimensions);
        Assert.Equal([5L, 50L], paired[0].Metrics);
        Assert.Equal([100L, -10L], paired[0].Change);
        Assert.Equal([8L, 0L], paired[1].Metrics);
        Assert.Equal([-50L, null], paired[1].Change);
        Assert.Equal(["2026-02-03", "Bing"], paired[2].Dimensions);
        Assert.Equal([0L, -100L], paired[2].Change);
    }

    [Fact]
    public void A_row_missing_from_the_comparison_reads_as_zeros_with_a_null_duration()
    {
        StatsMetric[] metrics = [StatsMetric.Visitors, StatsMetric.VisitDuration, StatsMetric.ViewsPerVisit, StatsMetric.BounceRate];

        var paired = StatsComparison.Pair(metrics, [new StatsRow(["Google"], [3L, 20L, 1.5, 50L])], [], -1, [], []);

        Assert.Equal(["Google"], paired[0].Dimensions);
        Assert.Equal([0L, null, 0.0, 0L], paired[0].Metrics);
        Assert.Equal([100L, null, 100L, null], paired[0].Change);
    }

    [Fact]
    public void A_time_bucket_past_the_end_of_a_shorter_comparison_has_no_counterpart()
    {
        var paired = StatsComparison.Pair([StatsMetric.Visitors], [new StatsRow(["2026-03-31"], [3L])], [], 0, ["2026-03-30", "2026-03-31"], ["2026-02-28"]);

        Assert.Equal([null], paired[0].Dimensions);
        Assert.Equal([0L], paired[0].Metrics);
    }
}
