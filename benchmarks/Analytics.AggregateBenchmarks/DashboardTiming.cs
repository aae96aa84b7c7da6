using System.Diagnostics;
using Analytics.ApiKeys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Analytics.AggregateBenchmarks;

/// <summary>
/// The dashboard's load time over the benchmark's data (issue 12, item 5): a Kestrel host on the engine's store with
/// the query API and <c>MapAnalyticsDashboard</c>, and Debian's Chromium through Playwright. Each run opens a new page
/// and times from navigation until the page says every part has drawn (<c>body[data-state=ready]</c>).
/// </summary>
internal static class DashboardTiming
{
    private const string ChromiumPath = "/usr/bin/chromium";

    // The dashboard keeps an entered read key under this name (src/Analytics.Dashboard/client/src/api.js).
    private const string KeyStorage = "analytics-dashboard-read-key";

    /// <summary>The views timed: the default (last 30 days) and the longest the data fills.</summary>
    public static IReadOnlyList<(string Name, string Query)> Views { get; } =
    [
        ("last 30 days (the default view)", ""),
        ("last 12 months (90 days of data)", "&period=12mo"),
    ];

    /// <summary>Milliseconds from navigation to a drawn dashboard, per view: one warm-up load, then <paramref name="runs"/> timed ones.</summary>
    public static async Task<List<(string View, double MedianMs, double MinMs, double MaxMs)>> MeasureAsync(IEngine engine, string site, int runs)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The dashboard timing needs Debian's Chromium at {ChromiumPath}: apt-get install -y chromium.");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        engine.AddTo(builder.Services).Services.Configure<AnalyticsOptions>(options =>
        {
            // The timing is of the dashboard and its queries, not of the limits a real site never reaches.
            options.RateLimits.Read.PermitLimit = 1_000_000;
        });
        await using var app = builder.Build();
        app.MapAnalyticsQueries();
        app.MapAnalyticsDashboard("/");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var key = (await app.Services.GetRequiredService<IApiKeyService>().CreateAsync(ApiKeyScope.Read, site, CancellationToken.None)).Key;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
        var results = new List<(string, double, double, double)>();
        foreach (var (name, query) in Views)
        {
            var times = new List<double>();
            for (var run = 0; run <= runs; run++)
            {
                await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
                await context.AddInitScriptAsync($"sessionStorage.setItem('{KeyStorage}', '{key}');");
                var page = await context.NewPageAsync();
                if (run == 1 && Environment.GetEnvironmentVariable("ANALYTICS_BENCH_TRACE") == "1")
                {
                    TraceRequests(page);
                }

                var clock = Stopwatch.StartNew();
                await page.GotoAsync($"{address}/?site={Uri.EscapeDataString(site)}{query}");
                await page.WaitForSelectorAsync("body[data-state=ready]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 600_000 });
                clock.Stop();
                if (run > 0)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            var sorted = times.Order().ToList();
            results.Add((name, sorted[sorted.Count / 2], sorted[0], sorted[^1]));
        }

        await app.StopAsync();
        return results;
    }

    // ANALYTICS_BENCH_TRACE=1: each API request of the first timed load, with its body and how long it took.
    private static void TraceRequests(IPage page)
    {
        var started = new System.Collections.Concurrent.ConcurrentDictionary<IRequest, Stopwatch>();
        page.Request += (_, request) => started[request] = Stopwatch.StartNew();
        page.RequestFinished += (_, request) =>
        {
            if (request.Url.Contains("/api/", StringComparison.Ordinal) && started.TryRemove(request, out var clock))
            {
                Console.WriteLine($"    {clock.Elapsed.TotalMilliseconds,8:F0} ms  {request.Method} {new Uri(request.Url).PathAndQuery} {request.PostData}");
            }
        };
    }
}
