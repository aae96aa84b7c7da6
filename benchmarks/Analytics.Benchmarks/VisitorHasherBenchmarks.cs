using System.Net;
using Analytics.Enrichment;
using BenchmarkDotNet.Attributes;

namespace Analytics.Benchmarks;

/// <summary>The keyed visitor hash over a site host, an address and a real user agent, per call.</summary>
[MemoryDiagnoser]
public class VisitorHasherBenchmarks
{
    private readonly byte[] _salt = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
    private readonly IPAddress[] _addresses = Enumerable.Range(1, RealWorldUserAgents.Count).Select(i => IPAddress.Parse($"198.51.100.{i}")).ToArray();

    [Benchmark(OperationsPerInvoke = RealWorldUserAgents.Count)]
    public long Hash()
    {
        var sum = 0L;
        for (var i = 0; i < RealWorldUserAgents.Count; i++)
        {
            sum += VisitorHasher.Hash(_salt, "shop.test", _addresses[i], RealWorldUserAgents.Mixed[i]);
        }

        return sum;
    }
}
