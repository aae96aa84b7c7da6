using Analytics.Querying;

namespace Analytics.Core.Tests.Querying;

public sealed class TimeBucketWidthTests
{
    [Theory]
    [InlineData("15 minutes", 15, TimeBucketUnit.Minute, "15 minutes")]
    [InlineData("1 minute", 1, TimeBucketUnit.Minute, "1 minute")]
    [InlineData("1 hour", 1, TimeBucketUnit.Hour, "1 hour")]
    [InlineData("6 hours", 6, TimeBucketUnit.Hour, "6 hours")]
    [InlineData("1 day", 1, TimeBucketUnit.Day, "1 day")]
    [InlineData("day", 1, TimeBucketUnit.Day, "1 day")]
    [InlineData(" 1  DAY ", 1, TimeBucketUnit.Day, "1 day")]
    [InlineData("1 week", 1, TimeBucketUnit.Week, "1 week")]
    [InlineData("1 month", 1, TimeBucketUnit.Month, "1 month")]
    [InlineData("3 months", 3, TimeBucketUnit.Month, "3 months")]
    public void PostgreSql_interval_words_are_understood(string text, int count, TimeBucketUnit unit, string canonical)
    {
        Assert.True(TimeBucketWidth.TryParse(text, out var width, out var error), error);
        Assert.Equal(count, width.Count);
        Assert.Equal(unit, width.Unit);
        Assert.Equal(canonical, width.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("1 fortnight")]
    [InlineData("banana")]
    [InlineData("0 days")]
    [InlineData("-1 day")]
    [InlineData("1.5 hours")]
    [InlineData("2000 minutes")]
    [InlineData("13 months")]
    [InlineData("99999999999 days")]
    [InlineData("1 day; DROP TABLE events")]
    [InlineData("1 year")]
    public void Anything_else_is_refused_with_a_reason(string text)
    {
        Assert.False(TimeBucketWidth.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
