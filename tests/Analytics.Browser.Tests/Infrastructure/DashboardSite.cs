using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Analytics.ApiKeys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Analytics.Browser.Tests.Infrastructure;

/// <summary>
/// A real Kestrel host on a free loopback port that embeds the dashboard as an application would: the query API under
/// <c>/stats</c> (<c>MapGroup("/stats").MapAnalyticsEndpoints()</c>) on a temporary DuckDB file serving shop.test and
/// blog.test, and three dashboards reading it:
/// <list type="bullet">
/// <item><c>/analytics</c>, with no policy (local requests only);</item>
/// <item><c>/team</c>, with <c>.RequireAuthorization("team")</c>, a policy that admits requests carrying <c>X-Team: yes</c>;</item>
/// <item><c>/locked</c>, like <c>/analytics</c>, for the page that opens without a key.</item>
/// </list>
/// The query API needs a read key, as it does by default: <see cref="ReadKey"/> is a real one, made in the store at
/// startup. Pages from <see cref="NewPageAsync"/> start with it in the dashboard's session storage, as if the user had
/// entered it, unless asked not to; <see cref="CreateClient"/> sends it.
/// A request carrying <c>X-Test-Remote-Ip</c> is seen as coming from that address, for the local-only rule. The events
/// are sent through <c>POST /stats/api/events/batch</c> when the fixture starts (<see cref="SeedAsync"/>).
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class DashboardSite : IAsyncLifetime
{
    public const string Site = "shop.test";

    public const string OtherSite = "blog.test";

    public const string RemoteIpHeader = "X-Test-Remote-Ip";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "analytics-dashboard-tests", Guid.NewGuid().ToString("N"));
    private WebApplication? _app;
    private string? _readKey;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A read key for every site, created in the host's store.</summary>
    public string ReadKey => _readKey ?? throw new InvalidOperationException("The fixture is not initialized.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>Where each run leaves its screenshots: <c>ANALYTICS_TEST_RESULTS</c>, else the project's TestResults/.</summary>
    public static string ResultsDirectory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("ANALYTICS_TEST_RESULTS");
            var root = !string.IsNullOrEmpty(configured) ? configured : Metadata("TestResultsDirectory");
            var directory = Path.Combine(root, "dashboard");
            Directory.CreateDirectory(directory);
            return directory;
        }
    }

    /// <summary>axe-core, from the tests' npm project (clients/node_modules).</summary>
    public static string AxeScriptPath => Path.Combine(Metadata("PeerClientsDirectory"), "node_modules", "axe-core", "axe.min.js");

    /// <summary>A client of the host that sends <see cref="ReadKey"/>.</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ReadKey);
        return client;
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(TrackerSite.ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Debian's Chromium at {TrackerSite.ChromiumPath}. Install it with `apt-get install -y chromium`.");
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Analytics:Sites:0:Domain"] = Site,
            ["Analytics:Sites:1:Domain"] = OtherSite,
        });
        builder.Services.AddAnalytics(builder.Configuration.GetSection("Analytics")).UseDuckDb(Path.Combine(_directory, "analytics.duckdb"));
        builder.Services.AddAuthorization(options => options.AddPolicy("team", policy => policy.RequireAssertion(
            context => context.Resource is HttpContext http && http.Request.Headers["X-Team"] == "yes")));

        var app = builder.Build();
        app.Use(FakeRemoteAddressAsync);
        app.UseRouting();
        app.UseAuthorization();
        app.MapGroup("/stats").MapAnalyticsEndpoints();
        app.MapAnalyticsDashboard("/analytics", options => options.ApiBase = "/stats");
        app.MapAnalyticsDashboard("/team", options => options.ApiBase = "/stats").RequireAuthorization("team");
        app.MapAnalyticsDashboard("/locked", options => options.ApiBase = "/stats");
        await app.StartAsync();
        _app = app;
        BaseAddress = new Uri(app.Urls.Single());
        _readKey = (await app.Services.GetRequiredService<IApiKeyService>().CreateAsync(ApiKeyScope.Read, site: null, CancellationToken.None)).Key;

        await SeedAsync();

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TrackerSite.ChromiumPath,
            Headless = true,
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

    /// <summary>
    /// A new browser context (1280 px wide) and page, collecting the console's errors; with <paramref name="withReadKey"/>
    /// the dashboard finds <see cref="ReadKey"/> in its session storage, as after the user entered it.
    /// </summary>
    public async Task<(IPage Page, List<string> ConsoleErrors)> NewPageAsync(BrowserNewContextOptions? options = null, bool withReadKey = true)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL = BaseAddress.ToString();
        options.ViewportSize ??= new ViewportSize { Width = 1280, Height = 900 };
        options.AcceptDownloads = true;
        var context = await Browser.NewContextAsync(options);
        if (withReadKey)
        {
            await context.AddInitScriptAsync($"sessionStorage.setItem('analytics-dashboard-read-key', '{ReadKey}');");
        }

        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        return (page, errors);
    }

    /// <summary>Opens <paramref name="path"/> and waits until every part of the dashboard has loaded.</summary>
    public static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitReadyAsync(page);
    }

    /// <summary>Waits until the dashboard's current load has finished.</summary>
    public static Task WaitReadyAsync(IPage page) =>
        page.WaitForSelectorAsync("body[data-state=ready]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 20_000 });

    /// <summary>
    /// <c>POST /stats/api/v2/query</c> with <paramref name="query"/>, whose <c>site_id</c> defaults to shop.test; the
    /// answer's JSON.
    /// </summary>
    public async Task<JsonElement> QueryAsync(JsonObject query)
    {
        query["site_id"] ??= Site;
        using var client = CreateClient();
        using var content = new StringContent(query.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/stats/api/v2/query", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{query.ToJsonString()}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// The events of the tests: 14 visits to shop.test, one a day 2 to 18 days before today (pages, referrers, UTM tags,
    /// browsers, custom events with a plan) and 2 visits to blog.test, sent as a batch with their times; then 3 visitors
    /// now, each with a page view and its engagement (scroll depth, engaged time) through Plausible's <c>/api/event</c>.
    /// </summary>
    private async Task SeedAsync()
    {
        string[] agents =
        [
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
        ];
        string?[] referrers = [null, "https://www.google.com/search?q=shop", "https://github.com/shop/shop", null, "https://news.ycombinator.com/"];
        string[][] journeys =
        [
            ["/", "/pricing", "/signup"],
            ["/pricing"],
            ["/blog/hello", "/"],
            ["/docs", "/docs/api", "/pricing"],
            ["/"],
            ["/pricing", "/signup"],
            ["/blog/hello"],
        ];
        var today = DateTimeOffset.UtcNow.UtcDateTime.Date;
        var events = new JsonArray();
        for (var visit = 0; visit < 14; visit++)
        {
            var start = new DateTimeOffset(today.AddDays(-(2 + (visit * 3 % 17))).AddHours(9 + visit % 8), TimeSpan.Zero);
            var journey = journeys[visit % journeys.Length];
            var ip = $"198.51.100.{10 + visit}";
            var agent = agents[visit % agents.Length];
            for (var i = 0; i < journey.Length; i++)
            {
                var page = i == 0 && visit % 4 == 3 ? journey[i] + "?utm_source=newsletter&utm_medium=email&utm_campaign=winter" : journey[i];
                events.Add(Event(Site, page, start.AddSeconds(45 * i), ip, agent, $"v{visit}", i == 0 ? referrers[visit % referrers.Length] : null));
            }

            if (journey[^1] == "/signup")
            {
                var signup = Event(Site, "/signup", start.AddSeconds(45 * journey.Length), ip, agent, $"v{visit}", null);
                signup["name"] = "Signup";
                signup["props"] = new JsonObject { ["plan"] = visit % 2 == 0 ? "pro" : "free" };
                events.Add(signup);
            }
        }

        events.Add(Event(OtherSite, "/posts/one", new DateTimeOffset(today.AddDays(-3).AddHours(10), TimeSpan.Zero), "198.51.100.90", agents[2], "b1", null));
        events.Add(Event(OtherSite, "/posts/two", new DateTimeOffset(today.AddDays(-4).AddHours(10), TimeSpan.Zero), "198.51.100.91", agents[1], "b2", null));

        using var client = CreateClient();
        using var content = new StringContent(events.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/stats/api/events/batch", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Equal(events.Count, JsonDocument.Parse(body).RootElement.GetProperty("accepted").GetInt32());

        // Three visitors now, as Plausible's tracker sends them: a page view, then the engagement of leaving the page.
        (string Page, int ScrollDepth, int EngagedMs)[] now = [("/pricing", 40, 30_000), ("/", 80, 10_000), ("/", 60, 20_000)];
        for (var i = 0; i < now.Length; i++)
        {
            var url = $"https://{Site}{now[i].Page}";
            await PostPlausibleAsync(client, agents[i], $$"""{"n":"pageview","u":"{{url}}","d":"{{Site}}"}""");
            await PostPlausibleAsync(client, agents[i], $$"""{"n":"engagement","u":"{{url}}","d":"{{Site}}","sd":{{now[i].ScrollDepth}},"e":{{now[i].EngagedMs}}}""");
        }
    }

    private static async Task PostPlausibleAsync(HttpClient client, string userAgent, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/stats/api/event", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "text/plain"),
        };
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(response.Headers.Contains("x-plausible-dropped"), body);
    }

    private static JsonObject Event(string site, string page, DateTimeOffset time, string ip, string agent, string session, string? referrer) => new()
    {
        ["site"] = site,
        ["page"] = page,
        ["timestamp"] = time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["ip_address"] = ip,
        ["user_agent"] = agent,
        ["session_id"] = session,
        ["referrer"] = referrer,
    };

    private static Task FakeRemoteAddressAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Headers[RemoteIpHeader] is [{ } address])
        {
            context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        }

        return next(context);
    }

    // The query API as it will be behind API keys: 401 without the read key, the /stats routes with it.
    private static string Metadata(string key) =>
        typeof(DashboardSite).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
