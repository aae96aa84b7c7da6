namespace Analytics.Storage.DuckDb;

/// <summary>
/// The UTC offsets a time zone uses over a range of instants: the offset in force at the start, then every change
/// (DST or a change of standard time) with the instant it takes effect. The aggregate SQL shifts each event by the
/// offset of its segment to get local wall-clock time without DuckDB's ICU time-zone functions.
/// </summary>
internal sealed class UtcOffsetTimeline
{
    // Offsets are sampled this far apart and changes are then located exactly by bisection. Real zones never change
    // offset twice within six hours.
    private static readonly TimeSpan SampleStep = TimeSpan.FromHours(6);

    private UtcOffsetTimeline(TimeSpan initialOffset, IReadOnlyList<(DateTime StartUtc, TimeSpan Offset)> changes)
    {
        InitialOffset = initialOffset;
        Changes = changes;
    }

    /// <summary>The offset in force before the first change (and at the start of the range).</summary>
    public TimeSpan InitialOffset { get; }

    /// <summary>The offset changes inside the range, in order: from <c>StartUtc</c> on, <c>Offset</c> applies.</summary>
    public IReadOnlyList<(DateTime StartUtc, TimeSpan Offset)> Changes { get; }

    /// <summary>The offsets of <paramref name="zone"/> from <paramref name="fromUtc"/> (inclusive) to <paramref name="toUtc"/> (exclusive).</summary>
    public static UtcOffsetTimeline For(TimeZoneInfo zone, DateTime fromUtc, DateTime toUtc)
    {
        fromUtc = DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc);
        toUtc = DateTime.SpecifyKind(toUtc, DateTimeKind.Utc);
        var initial = zone.GetUtcOffset(fromUtc);
        var changes = new List<(DateTime, TimeSpan)>();
        var cursor = fromUtc;
        var offset = initial;
        while (cursor < toUtc)
        {
            var next = toUtc - cursor > SampleStep ? cursor + SampleStep : toUtc;
            var nextOffset = zone.GetUtcOffset(next);
            while (nextOffset != offset)
            {
                // Bisect to the first tick that has a different offset; repeat in case the step held two changes.
                var low = cursor;
                var high = next;
                while (high.Ticks - low.Ticks > 1)
                {
                    var middle = new DateTime(low.Ticks + ((high.Ticks - low.Ticks) / 2), DateTimeKind.Utc);
                    if (zone.GetUtcOffset(middle) == offset)
                    {
                        low = middle;
                    }
                    else
                    {
                        high = middle;
                    }
                }

                if (high >= toUtc)
                {
                    break;
                }

                offset = zone.GetUtcOffset(high);
                changes.Add((high, offset));
                cursor = high;
            }

            cursor = next;
            offset = nextOffset;
        }

        return new UtcOffsetTimeline(initial, changes);
    }

    /// <summary>
    /// The instant at which the wall-clock time <paramref name="local"/> occurs in <paramref name="zone"/>, resolved as
    /// PostgreSQL's <c>timestamp AT TIME ZONE</c> does: a time skipped by a spring-forward change is read with the offset
    /// from before the change, a time repeated by a fall-back change as the later of the two instants.
    /// </summary>
    public static DateTime LocalToUtc(TimeZoneInfo zone, DateTime local)
    {
        var asUtc = DateTime.SpecifyKind(local, DateTimeKind.Unspecified).Ticks;
        var before = zone.GetUtcOffset(new DateTime(asUtc, DateTimeKind.Utc).AddDays(-1));
        var after = zone.GetUtcOffset(new DateTime(asUtc, DateTimeKind.Utc).AddDays(1));
        var withBefore = new DateTime(asUtc - before.Ticks, DateTimeKind.Utc);
        var withAfter = new DateTime(asUtc - after.Ticks, DateTimeKind.Utc);
        var beforeFits = zone.GetUtcOffset(withBefore) == before;
        var afterFits = zone.GetUtcOffset(withAfter) == after;
        return (beforeFits, afterFits) switch
        {
            (_, true) => withAfter, // unambiguous in the later offset, or repeated: PostgreSQL takes the later reading
            (true, false) => withBefore,
            (false, false) => withBefore, // skipped: PostgreSQL reads it with the offset from before the change
        };
    }
}
