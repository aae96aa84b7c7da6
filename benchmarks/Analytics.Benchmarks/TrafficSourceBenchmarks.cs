using Analytics.Enrichment;
using BenchmarkDotNet.Attributes;

namespace Analytics.Benchmarks;

/// <summary>
/// Mean cost of reading one page address (host, path, utm tags) and of classifying one referrer, over realistic mixes:
/// most pages are plain paths or addresses without tags, most referrers are a few big search engines and networks.
/// </summary>
[MemoryDiagnoser]
public class TrafficSourceBenchmarks
{
    private const int PageCount = 20;
    private const int ReferrerCount = 20;
    private const string SiteHost = "example.com";

    private readonly string[] _pages =
    [
        "/",
        "/pricing",
        "/blog/2026/03/how-we-count-visitors",
        "/docs/getting-started#install",
        "/search?q=analytics&page=2",
        "/caf%C3%A9/menu",
        "index.html",
        "https://example.com/",
        "https://www.example.com/pricing",
        "https://example.com/blog/post-1?ref=hn",
        "https://example.com/docs/api#authentication",
        "https://shop.example.com/products/42?color=red&size=m",
        "http://example.com:8080/admin/login",
        "//cdn.example.com/landing",
        "/?utm_source=newsletter&utm_medium=email&utm_campaign=march",
        "/pricing?utm_source=google&utm_medium=cpc&utm_campaign=brand&utm_term=web+analytics",
        "https://example.com/?utm_source=facebook&utm_medium=social&utm_content=carousel-2",
        "https://www.example.com/signup?utm_source=Substack&utm_medium=newsletter&utm_campaign=spring%20sale",
        "https://example.com/features?utm_source=linkedin&utm_medium=paid-social&fbclid=IwAR2x",
        "/webinar?UTM_SOURCE=partner-site&utm_campaign=q2#register",
    ];

    private readonly string?[] _referrers =
    [
        null,
        "",
        "https://www.google.com/",
        "https://www.google.co.uk/",
        "https://www.google.com.br/",
        "https://www.bing.com/search?q=web+analytics",
        "https://duckduckgo.com/",
        "https://yandex.ru/",
        "https://chatgpt.com/",
        "https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.com",
        "https://t.co/AbCdEf123",
        "https://www.linkedin.com/feed/",
        "https://old.reddit.com/r/dotnet/comments/xyz",
        "https://news.ycombinator.com/item?id=1",
        "android-app://com.google.android.gm/",
        "https://mail.google.com/",
        "https://www.example.com/pricing",
        "https://blog.someone.dev/2026/our-stack",
        "https://github.com/owner/repo",
        "stackoverflow.com",
    ];

    [GlobalSetup]
    public void CheckCounts()
    {
        if (_pages.Length != PageCount || _referrers.Length != ReferrerCount)
        {
            throw new InvalidOperationException($"Expected {PageCount} pages and {ReferrerCount} referrers; got {_pages.Length} and {_referrers.Length}.");
        }
    }

    [Benchmark(OperationsPerInvoke = PageCount)]
    public int ParsePage()
    {
        var length = 0;
        foreach (var page in _pages)
        {
            length += PageUrl.Parse(page).Path.Length;
        }

        return length;
    }

    [Benchmark(OperationsPerInvoke = ReferrerCount)]
    public int ClassifyReferrer()
    {
        var length = 0;
        foreach (var referrer in _referrers)
        {
            length += Referrers.Classify(Referrers.NormalizeHost(referrer), SiteHost, UtmParameters.None).Length;
        }

        return length;
    }
}
