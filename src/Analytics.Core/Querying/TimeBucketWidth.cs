using System.Globalization;

namespace Analytics.Querying;

/// <summary>
/// The width of an aggregation bucket, written in PostgreSQL interval words: "15 minutes", "1 hour", "1 day",
/// "1 week", "1 month". Anything else is refused, so the text that reaches SQL is always one we produced.
/// </summary>
public readonly record struct TimeBucketWidth
{
    private static readonly (string Word, TimeBucketUnit Unit, int Max)[] Units =
    [
        ("minute", TimeBucketUnit.Minute, 1440),
        ("min", TimeBucketUnit.Minute, 1440),
        ("hour", TimeBucketUnit.Hour, 168),
        ("day", TimeBucketUnit.Day, 366),
        ("week", TimeBucketUnit.Week, 53),
        ("month", TimeBucketUnit.Month, 12),
    ];

    private TimeBucketWidth(int count, TimeBucketUnit unit)
    {
        Count = count;
        Unit = unit;
    }

    /// <summary>One day, the default width.</summary>
    public static TimeBucketWidth OneDay { get; } = new(1, TimeBucketUnit.Day);

    /// <summary>How many units one bucket spans.</summary>
    public int Count { get; }

    /// <summary>The unit.</summary>
    public TimeBucketUnit Unit { get; }

    /// <summary>True for widths measured in calendar days or longer, which are aligned on local midnights.</summary>
    public bool IsCalendar => Unit >= TimeBucketUnit.Day;

    /// <summary>An upper bound of one bucket's length, for counting how many buckets a range produces.</summary>
    public TimeSpan ApproximateLength => Unit switch
    {
        TimeBucketUnit.Minute => TimeSpan.FromMinutes(Count),
        TimeBucketUnit.Hour => TimeSpan.FromHours(Count),
        TimeBucketUnit.Day => TimeSpan.FromDays(Count),
        TimeBucketUnit.Week => TimeSpan.FromDays(7 * Count),
        _ => TimeSpan.FromDays(28 * Count),
    };

    /// <summary>Creates a width of <paramref name="count"/> <paramref name="unit"/>s.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is not positive or is beyond the unit's bound.</exception>
    public static TimeBucketWidth Create(int count, TimeBucketUnit unit)
    {
        var max = Array.Find(Units, u => u.Unit == unit).Max;
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, max);
        return new TimeBucketWidth(count, unit);
    }

    /// <summary>Parses "15 minutes", "1 hour", "day", "2 weeks", "1 month" (case-insensitive, singular or plural).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out TimeBucketWidth width, out string? error)
    {
        width = default;
        text = text.Trim();
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        var count = 1;
        if (digits > 0 && !int.TryParse(text[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out count))
        {
            error = "The number in the duration is too large.";
            return false;
        }

        var word = text[digits..].Trim();
        if (word.Length > 1 && (word[^1] == 's' || word[^1] == 'S'))
        {
            word = word[..^1];
        }

        foreach (var (unitWord, unit, max) in Units)
        {
            if (!word.Equals(unitWord, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (count < 1 || count > max)
            {
                error = $"The number of {unit.ToString().ToLowerInvariant()}s must be between 1 and {max}.";
                return false;
            }

            width = new TimeBucketWidth(count, unit);
            error = null;
            return true;
        }

        error = "Use a PostgreSQL interval such as \"15 minutes\", \"1 hour\", \"1 day\", \"1 week\" or \"1 month\".";
        return false;
    }

    /// <summary>The width as a PostgreSQL interval literal, for example "15 minutes".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Count} {Unit.ToString().ToLowerInvariant()}{(Count == 1 ? "" : "s")}");
}
