using Analytics.Events;
using Analytics.Querying;
using Analytics.Querying.Stats;
using Analytics.Testing.Stats;
using static Analytics.Testing.Stats.StatsEvents;

namespace Analytics.Core.Tests.Querying.Stats;

/// <summary>The reference computation on its own: the hand-worked examples, and the rules it is built from.</summary>
public sealed class StatsReferenceTests
{
    [Theory]
    [MemberData(nameof(StatsExamples.Names), MemberType = typeof(StatsExamples))]
    public void Hand_worked_examples_give_their_numbers(string name)
    {
        var example = StatsExamples.Named(name);

        var actual = new StatsReference(example.Events).Run(example.Query);

        StatsAssert.Equal(new StatsResult(example.Expected, example.TotalRows), actual, example.Query, example.Events);
    }

    [Theory]
    [InlineData(1, 3, 100, 33)]
    [InlineData(2, 3, 100, 67)]
    [InlineData(1, 2, 1, 1)]
    [InlineData(1, 8, 100, 13)]
    [InlineData(0, 5, 100, 0)]
    [InlineData(5, 3, 100, 167)]
    public void Rounding_is_half_up_on_exact_integers(long numerator, long denominator, long scale, long expected)
    {
        Assert.Equal(expected, (long)StatsReference.RoundHalfUp(numerator, denominator, scale));
    }

    [Theory]
    [InlineData("UTC", "2026-03-18T10:15:42Z", TimeBucketUnit.Minute, "2026-03-18 10:15:00")]
    [InlineData("Asia/Kathmandu", "2026-03-18T10:14:00Z", TimeBucketUnit.Hour, "2026-03-18 15:00:00")] // 15:59 +05:45
    [InlineData("Asia/Kathmandu", "2026-03-18T10:15:00Z", TimeBucketUnit.Hour, "2026-03-18 16:00:00")]
    [InlineData("Europe/Berlin", "2026-03-29T00:59:00Z", TimeBucketUnit.Hour, "2026-03-29 01:00:00")]
    [InlineData("Europe/Berlin", "2026-03-29T01:00:00Z", TimeBucketUnit.Hour, "2026-03-29 03:00:00")] // spring forward
    [InlineData("Europe/Berlin", "2026-10-25T00:30:00Z", TimeBucketUnit.Hour, "2026-10-25 02:00:00")] // 02:30 CEST
    [InlineData("Europe/Berlin", "2026-10-25T01:30:00Z", TimeBucketUnit.Hour, "2026-10-25 02:00:00")] // 02:30 CET, the same label
    [InlineData("America/New_York", "2026-03-09T03:59:00Z", TimeBucketUnit.Day, "2026-03-08")]
    [InlineData("Australia/Lord_Howe", "2026-04-04T15:20:00Z", TimeBucketUnit.Hour, "2026-04-05 01:00:00")] // 01:50 +10:30, after the half-hour fall-back
    [InlineData("Europe/Berlin", "2026-03-31T22:30:00Z", TimeBucketUnit.Month, "2026-04-01")]
    [InlineData("UTC", "2026-03-25T10:00:00Z", TimeBucketUnit.Week, "2026-03-23")]
    [InlineData("UTC", "2026-03-19T10:00:00Z", TimeBucketUnit.Week, "2026-03-18")] // the range starts on Wednesday the 18th
    public void Time_labels_are_the_local_start_of_the_bucket(string zone, string instant, TimeBucketUnit unit, string label)
    {
        var query = new StatsQuery
        {
            Site = Site,
            From = Utc(2026, 3, 18, 6),
            To = Utc(2026, 12, 1),
            TimeZone = StatsExamples.Zone(zone),
            Metrics = [StatsMetric.Visitors],
        };

        Assert.Equal(label, StatsReference.TimeLabel(unit, DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), query));
    }

    [Theory]
    [InlineData(StatsFilterOperator.Is, "/Blog", true, "/Blog", true)]
    [InlineData(StatsFilterOperator.Is, "/blog", true, "/Blog", false)]
    [InlineData(StatsFilterOperator.Is, "/blog", false, "/Blog", true)]
    [InlineData(StatsFilterOperator.IsNot, "/blog", false, "/Blog", false)]
    [InlineData(StatsFilterOperator.Contains, "_", true, "/ab", false)]
    [InlineData(StatsFilterOperator.Contains, "%", true, "/50%off", true)]
    [InlineData(StatsFilterOperator.ContainsNot, "LOG", false, "/blog", false)]
    [InlineData(StatsFilterOperator.Matches, "^/b", true, "/blog", true)]
    [InlineData(StatsFilterOperator.Matches, "log", true, "/blog", true)]
    [InlineData(StatsFilterOperator.MatchesNot, "^/b", true, "/blog", false)]
    public void Conditions_compare_as_the_doc_says(StatsFilterOperator op, string value, bool caseSensitive, string shown, bool holds)
    {
        var condition = new StatsCondition(op, StatsExamples.Dimension("event:page"), [value], caseSensitive);

        Assert.Equal(holds, StatsReference.Holds(condition, shown));
    }

    [Fact]
    public void A_visit_takes_the_attributes_of_its_first_event_by_time_then_id()
    {
        var time = Utc(2026, 3, 18, 10);
        var first = Pageview(time) with { Id = Guid.Parse("01900000-0000-7000-8000-000000000001"), Browser = "Firefox" };
        var second = Pageview(time) with { Id = Guid.Parse("01900000-0000-7000-8000-000000000002"), Browser = "Safari" };
        var query = new StatsQuery
        {
            Site = Site, From = time.AddHours(-1), To = time.AddHours(1), Metrics = [StatsMetric.Visits, StatsMetric.Pageviews],
            Dimensions = [StatsExamples.Dimension("visit:browser")],
        };

        var result = new StatsReference([second, first]).Run(query);

        Assert.Equal(["[\"Firefox\"] => [1, 2]"], result.Rows.Select(StatsAssert.FormatRow));
    }

    [Fact]
    public void Without_order_by_a_time_dimension_comes_first_then_the_first_metric_descending()
    {
        var query = new StatsQuery
        {
            Site = Site, From = Utc(2026, 3, 18), To = Utc(2026, 3, 19), Metrics = [StatsMetric.Pageviews],
            Dimensions = [StatsExamples.Dimension("event:page"), StatsExamples.Dimension("time:hour")],
        };

        Assert.Equal(
            ["time:hour asc", "pageviews desc", "event:page asc", "time:hour asc"],
            StatsReference.EffectiveOrder(query).Select(o => $"{o.Name} {(o.Descending ? "desc" : "asc")}"));
    }

    [Fact]
    public void Generated_cases_run_through_the_reference_without_error()
    {
        CsCheck.Check.Sample(StatsCases.Cases, c => new StatsReference(c.Events).Run(c.Query), iter: 300, print: c => c.ToString());
    }

    [Fact]
    public void An_event_with_no_session_id_is_a_visit_of_its_own()
    {
        var time = Utc(2026, 3, 18, 10);
        AnalyticsEvent[] events = [Pageview(time, session: null), Pageview(time.AddMinutes(1), session: null)];
        var query = new StatsQuery { Site = Site, From = time, To = time.AddHours(1), Metrics = [StatsMetric.Visits, StatsMetric.BounceRate] };

        var result = new StatsReference(events).Run(query);

        Assert.Equal(["[] => [2, 100]"], result.Rows.Select(StatsAssert.FormatRow));
    }
}
