using Analytics.Enrichment;
using BenchmarkDotNet.Attributes;

namespace Analytics.Benchmarks;

/// <summary>
/// Mean cost of one parse over a realistic mix: uncached (every page view with a new user agent) and cached (the
/// common case, a user agent seen before).
/// </summary>
[MemoryDiagnoser]
public class UserAgentParserBenchmarks
{
    private readonly string[] _userAgents = RealWorldUserAgents.Mixed;

    [GlobalSetup]
    public void WarmCache()
    {
        if (_userAgents.Length != RealWorldUserAgents.Count)
        {
            throw new InvalidOperationException($"RealWorldUserAgents.Count says {RealWorldUserAgents.Count}, the set holds {_userAgents.Length}.");
        }

        foreach (var userAgent in _userAgents)
        {
            UserAgentParser.Parse(userAgent);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RealWorldUserAgents.Count)]
    public int Uncached()
    {
        var bots = 0;
        foreach (var userAgent in _userAgents)
        {
            bots += UserAgentParser.ParseUncached(userAgent).IsBot ? 1 : 0;
        }

        return bots;
    }

    [Benchmark(OperationsPerInvoke = RealWorldUserAgents.Count)]
    public int Cached()
    {
        var bots = 0;
        foreach (var userAgent in _userAgents)
        {
            bots += UserAgentParser.Parse(userAgent).IsBot ? 1 : 0;
        }

        return bots;
    }

    [Benchmark(OperationsPerInvoke = RealWorldUserAgents.Count)]
    public int OperatingSystemOnly()
    {
        var length = 0;
        foreach (var userAgent in _userAgents)
        {
            length += UserAgentParser.ParseOperatingSystem(userAgent).Length;
        }

        return length;
    }
}
