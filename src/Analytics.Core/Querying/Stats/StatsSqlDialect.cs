namespace Analytics.Querying.Stats;

/// <summary>
/// What differs between the engines in a stats query's SQL; <see cref="StatsSql"/> writes the rest once. A dialect is
/// made per query: it knows the query's time zone and range.
/// </summary>
internal abstract class StatsSqlDialect
{
    /// <summary>The events table, qualified and quoted.</summary>
    public abstract string EventsTable { get; }

    /// <summary>A reference to the named parameter.</summary>
    public abstract string Parameter(string name);

    /// <summary>The local wall-clock time (a timestamp without zone) of a UTC instant column.</summary>
    public abstract string LocalTime(string instant);

    /// <summary>
    /// The start of the <paramref name="width"/> bucket holding a UTC instant column, in the query's zone: calendar
    /// buckets (days, Monday weeks, months counted from January 2000) start at local midnight, even across DST changes;
    /// minute and hour buckets are aligned on local wall-clock time but keep the two real hours of a fall-back apart.
    /// The parameters hold the width as interval text ("15 minutes") and its count.
    /// </summary>
    public abstract string TimeBucket(string instant, TimeBucketWidth width, string widthParameter, string countParameter);

    /// <summary>The UTC instant of a value <see cref="TimeBucket"/> returned.</summary>
    public abstract DateTime BucketStart(DateTime value, TimeBucketWidth width);

    /// <summary>The value of <paramref name="expression"/> on the first (or last) row of the group by (time, id), among the rows <paramref name="filter"/> keeps.</summary>
    public abstract string FirstByTime(string expression, string? filter, bool last);

    /// <summary>True where the regular expression in the parameter matches anywhere in the text.</summary>
    public abstract string Matches(string text, string pattern);

    /// <summary>The value of the property whose key is the parameter, or NULL.</summary>
    public abstract string PropValue(string key);

    /// <summary>The text, ordered byte by byte whatever the database's collation.</summary>
    public abstract string Ordinal(string text);

    /// <summary>Microseconds since 1970 of an instant, as a 64-bit integer.</summary>
    public abstract string EpochMicros(string instant);

    /// <summary>
    /// The integer quotient, rounded toward zero, of two non-negative integers computed in a type wider than 64 bits
    /// (the quotient itself fits 64 bits).
    /// </summary>
    public abstract string Quotient(string dividend, string divisor);
}
