using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Analytics.ApiKeys;
using Analytics.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Analytics.Browser.Tests.Infrastructure;

/// <summary>
/// A real Kestrel host on a free loopback port, as an application embeds the library: <c>AddAnalytics</c> bound to
/// the <c>Analytics</c> configuration section (serving <see cref="Domain"/>, Umami website <see cref="UmamiWebsiteId"/>),
/// <c>UseDuckDb</c> on a temporary file behind a <see cref="RecordingStatsStore"/>, and
/// <c>MapGroup("/stats").MapAnalyticsEndpoints()</c>, so the tracker is served under a prefix at
/// <c>/stats/analytics.js</c>. It serves the static test site (site/, with the peers' trackers under site/clients/)
/// and records every body the browser posts to <c>/stats/api/event</c> before the request goes on to the endpoints,
/// and their answers. One headless Debian Chromium is shared by the tests of the collection; each test opens its own
/// browser context.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class TrackerSite : IAsyncLifetime
{
    /// <summary>Debian's Chromium; Playwright is never allowed to download a browser of its own.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    public const string Prefix = "/stats";

    /// <summary>The one site served (<c>Analytics:Sites</c>); events for another are dropped.</summary>
    public const string Domain = "shop.test";

    /// <summary>The Umami website id that <see cref="Domain"/> takes over.</summary>
    public const string UmamiWebsiteId = "6f1b5f0e-3d0a-4c8e-9b57-2a1c4e5d6f70";

    /// <summary>A desktop Chrome's user agent, which the browser sends in place of its headless one.</summary>
    public const string UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "analytics-browser-tests", Guid.NewGuid().ToString("N"));
    private readonly ConcurrentQueue<SentEvent> _sent = new();
    private WebApplication? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>false for tests that drive no browser: no Chromium is started.</summary>
    public bool WithBrowser { get; init; } = true;

    /// <summary>The site's base address, <c>http://127.0.0.1:PORT</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture is not initialized.");

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>Every event the browsers have posted so far, in arrival order.</summary>
    public IReadOnlyList<SentEvent> Sent => [.. _sent];

    public HttpClient CreateClient() => new(new HttpClientHandler { AutomaticDecompression = System.Net.DecompressionMethods.None }) { BaseAddress = BaseAddress };

    /// <summary>A client with a read key of shop.test, as the read routes need one.</summary>
    public async Task<HttpClient> CreateReadClientAsync()
    {
        var client = CreateClient();
        var key = await Services.GetRequiredService<IApiKeyService>().CreateAsync(ApiKeyScope.Read, Domain, CancellationToken.None);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key.Key);
        return client;
    }

    public async Task InitializeAsync()
    {
        if (WithBrowser && !File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Debian's Chromium at {ChromiumPath}. Install it with `apt-get install -y chromium` " +
                "(scripts/test.sh does it when it is missing). Playwright is never allowed to download a browser.");
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Analytics:Sites:0:Domain"] = Domain,
            ["Analytics:Sites:0:UmamiWebsiteId"] = UmamiWebsiteId,
        });
        builder.Services.AddAnalytics(builder.Configuration.GetSection("Analytics")).UseDuckDb(Path.Combine(_directory, "analytics.duckdb"));
        RecordingStatsStore.Decorate(builder.Services);

        var app = builder.Build();
        app.Use(RecordEventsAsync);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "site")),
            ServeUnknownFileTypes = false,
        });
        app.MapGroup(Prefix).MapAnalyticsEndpoints();
        await app.StartAsync();
        _app = app;

        BaseAddress = new Uri(app.Urls.Single());
        if (!WithBrowser)
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Headless Chromium names itself HeadlessChrome, which ingestion rightly drops as a bot. Set for the whole
            // browser, not per context: a context's override is not applied to beacons sent as a page is left.
            Args = [$"--user-agent={UserAgent}"],
        });
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_browser is not null)
            {
                await _browser.DisposeAsync();
            }

            _playwright?.Dispose();
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
        finally
        {
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
    }

    /// <summary>A new browser context and page, with the outside world (outbound.test) answered locally.</summary>
    public async Task<IPage> NewPageAsync(string? initScript = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString() });
        await context.RouteAsync("http://outbound.test/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = "<!doctype html><title>Elsewhere</title><h1>Elsewhere</h1>",
        }));
        if (initScript is not null)
        {
            await context.AddInitScriptAsync(initScript);
        }

        return await context.NewPageAsync();
    }

    /// <summary>The events sent from pages whose URL contains <paramref name="run"/>.</summary>
    public IReadOnlyList<SentEvent> SentBy(string run) =>
        [.. Sent.Where(e => e.Url.Contains(run, StringComparison.Ordinal))];

    /// <summary>Waits (at most 10 s) until the events of <paramref name="run"/> satisfy <paramref name="done"/>.</summary>
    public async Task<IReadOnlyList<SentEvent>> WaitForAsync(string run, Func<IReadOnlyList<SentEvent>, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var events = SentBy(run);
            if (done(events))
            {
                return events;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"The browser did not send the expected events within 10 s. Sent: {string.Join(", ", events.Select(e => e.Body))}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Every event committed so far, in order, each as <c>GET /stats/api/events/{id}</c> reads it back from the store.</summary>
    public async Task<IReadOnlyList<JsonElement>> StoredEventsAsync()
    {
        using var client = await CreateReadClientAsync();
        var stored = new List<JsonElement>();
        foreach (var appended in Services.GetRequiredService<RecordingStatsStore>().Appended)
        {
            using var response = await client.GetAsync(new Uri($"{Prefix}/api/events/{appended.Id}", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"GET /api/events/{appended.Id}: {(int)response.StatusCode} {body}");
            stored.Add(JsonDocument.Parse(body).RootElement.Clone());
        }

        return stored;
    }

    /// <summary>
    /// Asks <c>POST /stats/api/v2/query</c> for today's <paramref name="metric"/> of shop.test, by
    /// <paramref name="dimension"/> if given, of the events named <paramref name="eventNames"/> if any: the rows as
    /// (dimension, or "" without one; metric), ordered by dimension.
    /// </summary>
    public async Task<IReadOnlyList<(string Dimension, long Metric)>> QueryAsync(string metric, string? dimension = null, params string[] eventNames)
    {
        var query = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["site_id"] = Domain,
            ["metrics"] = new[] { metric },
            ["date_range"] = "day",
            ["dimensions"] = dimension is null ? [] : new[] { dimension },
            ["filters"] = eventNames.Length == 0 ? [] : new object[] { new object[] { "is", "event:name", eventNames } },
        });
        using var client = await CreateReadClientAsync();
        using var content = new StringContent(query, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(Prefix + "/api/v2/query", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        return [.. json.RootElement.GetProperty("results").EnumerateArray()
            .Select(row => (
                row.GetProperty("dimensions").EnumerateArray().Select(d => d.GetString()!).FirstOrDefault() ?? "",
                row.GetProperty("metrics")[0].GetInt64()))
            .OrderBy(row => row.Item1, StringComparer.Ordinal)];
    }

    private async Task RecordEventsAsync(HttpContext context, RequestDelegate next)
    {
        if (HttpMethods.IsPost(context.Request.Method) &&
            string.Equals(context.Request.Path, Prefix + "/api/event", StringComparison.Ordinal))
        {
            context.Request.EnableBuffering();
            using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            context.Request.Body.Position = 0;
            var sent = new SentEvent(context.Request.ContentType, body);
            _sent.Enqueue(sent);
            await next(context);
            sent.Answered(context.Response.StatusCode, context.Response.Headers["x-plausible-dropped"].FirstOrDefault());
            return;
        }

        await next(context);
    }
}
