using System.Security.Cryptography;

namespace Analytics.Storage;

/// <summary>The rules every store follows for visitor salts: one per UTC day, 32 random bytes, kept until the day after.</summary>
internal static class VisitorSaltDays
{
    /// <summary>The length of a salt in bytes.</summary>
    public const int SaltLength = 32;

    /// <summary>The UTC day of <paramref name="instant"/>.</summary>
    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    /// <summary>
    /// The oldest day whose salt is kept at <paramref name="now"/>: yesterday, whose salt still continues the sessions
    /// open at midnight. A salt is created up to a day before its day, hashes its day's page views, and is deleted by
    /// the first maintenance pass after the day that follows: at most 48 hours after its day began, plus that interval.
    /// </summary>
    public static DateOnly OldestKept(DateTimeOffset now) => DayOf(now).AddDays(-1);

    /// <summary>
    /// The days from <paramref name="first"/> to <paramref name="last"/> (both included) that may have a salt at
    /// <paramref name="now"/>: none before yesterday, so that a deleted salt is never made again.
    /// </summary>
    public static DateOnly[] Creatable(DateOnly first, DateOnly last, DateTimeOffset now)
    {
        if (last < first)
        {
            throw new ArgumentOutOfRangeException(nameof(last), last, "The last day must not be before the first.");
        }

        var start = first < OldestKept(now) ? OldestKept(now) : first;
        return start > last ? [] : Enumerable.Range(0, last.DayNumber - start.DayNumber + 1).Select(start.AddDays).ToArray();
    }

    /// <summary><paramref name="count"/> fresh salts from the system's cryptographic random generator.</summary>
    public static byte[][] NewSalts(int count) =>
        Enumerable.Range(0, count).Select(_ => RandomNumberGenerator.GetBytes(SaltLength)).ToArray();
}
