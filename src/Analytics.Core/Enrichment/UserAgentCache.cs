using System.Collections.Concurrent;

namespace Analytics.Enrichment;

/// <summary>
/// Remembers parsed user agents. A site sees a few thousand distinct user agents a day, each many times, so most
/// page views become one dictionary look-up. The capacity bounds memory however many distinct strings arrive.
/// </summary>
internal sealed class UserAgentCache
{
    // Longer strings are rare and often hostile; caching them would let a few requests fill the memory budget.
    internal const int MaxCachedLength = 512;

    private readonly ConcurrentDictionary<string, UserAgentInfo> _entries = new(StringComparer.Ordinal);
    private readonly Func<string, UserAgentInfo> _parse;
    private readonly Lock _clearing = new();
    private readonly int _capacity;
    private int _count;

    public UserAgentCache(int capacity, Func<string, UserAgentInfo> parse)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentNullException.ThrowIfNull(parse);
        _capacity = capacity;
        _parse = parse;
    }

    /// <summary>How many user agents are cached now (approximate while other threads add).</summary>
    public int Count => _entries.Count;

    /// <summary>The cached answer for <paramref name="userAgent"/>, parsing and caching it on a miss.</summary>
    public UserAgentInfo GetOrAdd(string userAgent)
    {
        if (_entries.TryGetValue(userAgent, out var cached))
        {
            return cached;
        }

        var parsed = _parse(userAgent);
        if (userAgent.Length <= MaxCachedLength && _entries.TryAdd(userAgent, parsed)
            && Interlocked.Increment(ref _count) > _capacity)
        {
            Evict();
        }

        return parsed;
    }

    // Emptying the whole cache when full needs no per-entry bookkeeping on the hot path, and the working set of
    // user agents is back within seconds; new browser versions get in instead of being locked out by old ones.
    private void Evict()
    {
        lock (_clearing)
        {
            if (Volatile.Read(ref _count) > _capacity)
            {
                _entries.Clear();
                Volatile.Write(ref _count, 0);
            }
        }
    }
}
