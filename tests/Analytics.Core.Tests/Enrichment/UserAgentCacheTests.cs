using Analytics.Enrichment;

namespace Analytics.Core.Tests.Enrichment;

public sealed class UserAgentCacheTests
{
    private static UserAgentInfo Parse(string userAgent) => UserAgentParser.ParseUncached(userAgent);

    [Fact]
    public void Cache_never_holds_more_than_its_capacity()
    {
        var cache = new UserAgentCache(capacity: 10, Parse);

        for (var i = 0; i < 95; i++)
        {
            cache.GetOrAdd($"curl/{i}");
            Assert.InRange(cache.Count, 0, 10);
        }
    }

    [Fact]
    public void Cache_parses_each_user_agent_once_while_it_has_room()
    {
        var parses = 0;
        var cache = new UserAgentCache(capacity: 10, userAgent => { parses++; return Parse(userAgent); });

        var first = cache.GetOrAdd("curl/8.4.0");
        var second = cache.GetOrAdd("curl/8.4.0");

        Assert.Same(first, second);
        Assert.Equal(1, parses);
    }

    [Fact]
    public void Cache_does_not_keep_overlong_user_agents()
    {
        var cache = new UserAgentCache(capacity: 10, Parse);

        cache.GetOrAdd("curl/" + new string('1', UserAgentCache.MaxCachedLength));

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task Cache_stays_bounded_and_correct_under_concurrent_use()
    {
        const int Capacity = 100;
        var cache = new UserAgentCache(Capacity, Parse);
        var userAgents = Enumerable.Range(0, 2_000)
            .Select(i => i % 2 == 0 ? $"curl/{i}" : $"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{i}.0) Gecko/20100101 Firefox/{i}.0")
            .ToArray();
        var wrong = 0;

        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var round = 0; round < 5; round++)
            {
                foreach (var userAgent in userAgents.Skip(worker * 37).Concat(userAgents.Take(worker * 37)))
                {
                    var info = cache.GetOrAdd(userAgent);
                    if (info.IsBot != userAgent.StartsWith("curl/", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
            }
        }));
        await Task.WhenAll(workers);

        Assert.Equal(0, wrong);
        // Emptying races with concurrent adds, so the bound is the capacity plus at most one add per thread.
        Assert.InRange(cache.Count, 0, Capacity + 8);
    }
}
