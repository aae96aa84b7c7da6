using System.Collections.Concurrent;
using System.Text;

namespace Analytics.Ingestion;

/// <summary>
/// The user-agent strings seen recently, so that a repeated one (most are: a site sees a few thousand a day, each
/// many times, and a batch often carries one for all its events) is taken from its UTF-8 bytes without allocating a
/// new string. Bounded like the parser's cache: emptied when full.
/// </summary>
internal static class UserAgentStrings
{
    /// <summary>Longer values are rare and often hostile; they are not kept.</summary>
    public const int MaxPooledBytes = 512;

    private const int Capacity = 4096;

    private static readonly ConcurrentDictionary<string, string> Strings = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> ByChars =
        Strings.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly Lock Clearing = new();
    private static int _count;

    /// <summary>The string for <paramref name="utf8"/>: valid UTF-8 of at most <see cref="MaxPooledBytes"/> bytes.</summary>
    public static string Get(ReadOnlySpan<byte> utf8)
    {
        Span<char> buffer = stackalloc char[MaxPooledBytes];
        var chars = buffer[..Encoding.UTF8.GetChars(utf8, buffer)];
        if (ByChars.TryGetValue(chars, out var known))
        {
            return known;
        }

        var created = new string(chars);
        if (Strings.TryAdd(created, created) && Interlocked.Increment(ref _count) > Capacity)
        {
            lock (Clearing)
            {
                if (Volatile.Read(ref _count) > Capacity)
                {
                    Strings.Clear();
                    Volatile.Write(ref _count, 0);
                }
            }
        }

        return created;
    }
}
