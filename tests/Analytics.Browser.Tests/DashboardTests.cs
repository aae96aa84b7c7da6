using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Analytics.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Analytics.Browser.Tests;

/// <summary>
/// The dashboard in Debian's Chromium over events the fixture sent: what it shows is what <c>POST /api/v2/query</c>
/// answers; filters, date ranges, the comparison and the CSV export; the local-only rule, the read-key form, the
/// strict CSP, the size budget and axe-core. Each run leaves full-page screenshots in TestResults/dashboard/.
/// </summary>
public sealed class DashboardTests(DashboardSite site) : IClassFixture<DashboardSite>
{
    private static readonly string[] TopStats = ["visitors", "visits", "pageviews", "views_per_visit", "bounce_rate", "visit_duration"];

    [Fact]
    public async Task The_numbers_on_screen_are_what_the_query_api_answers()
    {
        var (page, errors) = await site.NewPageAsync();
        await DashboardSite.OpenAsync(page, "/analytics");

        // No site in the URL: the first of GET /api/v2/sites (blog.test), then the switcher changes it.
        Assert.Equal(DashboardSite.OtherSite, await page.InputValueAsync("#site"));
        await page.SelectOptionAsync("#site", DashboardSite.Site);
        await DashboardSite.WaitReadyAsync(page);
        Assert.Contains("site=shop.test", page.Url, StringComparison.Ordinal);

        var expected = await site.QueryAsync(new JsonObject
        {
            ["metrics"] = new JsonArray([.. TopStats.Select(m => JsonValue.Create(m))]),
            ["date_range"] = "30d",
            ["include"] = new JsonObject { ["comparisons"] = new JsonObject { ["mode"] = "previous_period" } },
        });
        var row = expected.GetProperty("results")[0];
        Assert.Equal(14, row.GetProperty("metrics")[1].GetInt32());
        for (var i = 0; i < TopStats.Length; i++)
        {
            var stat = page.Locator($"#top-stats [data-metric={TopStats[i]}]");
            Assert.Equal(row.GetProperty("metrics")[i].GetRawText(), await stat.GetAttributeAsync("data-value"));
            Assert.Equal(NullAsEmpty(row.GetProperty("comparison").GetProperty("change")[i]), await stat.GetAttributeAsync("data-change"));
        }

        Assert.Equal("14", await page.Locator("#top-stats [data-metric=visits] .stat-value").TextContentAsync());

        // Every panel's rows are the API's breakdown, in its order.
        await AssertPanelAsync(page, "pages", "event:page", "visitors", "30d");
        await AssertPanelAsync(page, "sources", "visit:source", "visitors", "30d");
        await AssertPanelAsync(page, "devices", "visit:browser", "visitors", "30d");
        await page.ClickAsync("#panel-devices [data-tab=os]");
        await DashboardSite.WaitReadyAsync(page);
        await AssertPanelAsync(page, "devices", "visit:os", "visitors", "30d");
        await page.ClickAsync("#panel-events [data-tab=props]");
        await DashboardSite.WaitReadyAsync(page);
        await page.FillAsync("#prop-key", "plan");
        await page.PressAsync("#prop-key", "Enter");
        await DashboardSite.WaitReadyAsync(page);
        Assert.Contains("prop=plan", page.Url, StringComparison.Ordinal);
        await AssertPanelAsync(page, "events", "event:props:plan", "visitors", "30d");

        // The chart adds up to the API's time series.
        var series = await site.QueryAsync(new JsonObject
        {
            ["metrics"] = new JsonArray("visitors"),
            ["date_range"] = "30d",
            ["dimensions"] = new JsonArray("time:day"),
        });
        Assert.Equal(series.GetProperty("results").EnumerateArray().Sum(r => r.GetProperty("metrics")[0].GetInt64()).ToString(System.Globalization.CultureInfo.InvariantCulture), await page.GetAttributeAsync("#chart", "data-total"));
        Assert.Equal("30", await page.GetAttributeAsync("#chart", "data-points"));

        // Realtime: the realtime route's count, and the page views of the last 30 minutes.
        using (var client = site.CreateClient())
        {
            var current = await client.GetStringAsync(new Uri("/stats/api/v1/stats/realtime/visitors?site_id=shop.test", UriKind.Relative));
            Assert.Equal(current, await page.GetAttributeAsync("#current-visitors", "data-value"));
        }

        Assert.Equal("3", await page.GetAttributeAsync("#realtime .realtime-count", "data-pageviews"));
        await ScreenshotAsync(page, "dashboard-light.png");

        // Today's pages: time on page and scroll depth from the engagement events, as the API computes them.
        await page.SelectOptionAsync("#period", "day");
        await DashboardSite.WaitReadyAsync(page);
        var pages = await site.QueryAsync(new JsonObject
        {
            ["metrics"] = new JsonArray("visitors", "pageviews", "time_on_page", "scroll_depth"),
            ["date_range"] = "day",
            ["dimensions"] = new JsonArray("event:page"),
            ["pagination"] = new JsonObject { ["limit"] = 9 },
        });
        var expectedPages = pages.GetProperty("results").EnumerateArray()
            .Select(r => string.Join('|', [r.GetProperty("dimensions")[0].GetString()!, .. r.GetProperty("metrics").EnumerateArray().Select(NullAsEmpty)]))
            .ToList();
        Assert.Equal(["/|2|2|15|70", "/pricing|1|1|30|40"], expectedPages);
        Assert.Equal(expectedPages, await page.EvalOnSelectorAllAsync<string[]>(
            "#panel-pages button.row",
            "rows => rows.map(r => [r.dataset.value, ...[...r.querySelectorAll('.value')].map(v => v.dataset.value)].join('|'))"));
        Assert.Equal("15s", await page.TextContentAsync("#panel-pages button.row >> nth=0 >> [data-metric=time_on_page]"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Clicking_a_page_filters_every_panel_changes_the_url_and_a_reload_keeps_the_view()
    {
        var (page, errors) = await site.NewPageAsync();
        await DashboardSite.OpenAsync(page, "/analytics?site=shop.test");
        var queries = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/stats/api/v2/query", StringComparison.Ordinal))
            {
                lock (queries)
                {
                    queries.Add(request.PostData ?? "");
                }
            }
        };

        await page.ClickAsync("#panel-pages button.row[data-value='/pricing']");
        await DashboardSite.WaitReadyAsync(page);

        Assert.Contains("f=event%3Apage%3D%2Fpricing", page.Url, StringComparison.Ordinal);
        Assert.Equal("/pricing", await page.GetAttributeAsync("#filters .chip", "data-value"));
        // Top stats, chart, realtime and all four panels asked again, each with the filter.
        Assert.True(queries.Count >= 8, string.Join("\n", queries));
        Assert.All(queries, body => Assert.Contains("[\"is\",\"event:page\",[\"/pricing\"]]", body, StringComparison.Ordinal));

        var filters = new JsonArray(new JsonArray("is", "event:page", new JsonArray("/pricing")));
        var visitors = await site.QueryAsync(new JsonObject { ["metrics"] = new JsonArray("visitors"), ["date_range"] = "30d", ["filters"] = filters.DeepClone() });
        Assert.Equal(visitors.GetProperty("results")[0].GetProperty("metrics")[0].GetRawText(), await page.GetAttributeAsync("#top-stats [data-metric=visitors]", "data-value"));
        await AssertPanelAsync(page, "sources", "visit:source", "visitors", "30d", filters);
        await AssertPanelAsync(page, "pages", "event:page", "visitors", "30d", filters);
        // With a page filter, time on page takes the place of views per visit, which the API refuses with it.
        Assert.Equal(0, await page.Locator("#top-stats [data-metric=views_per_visit]").CountAsync());
        Assert.Equal(1, await page.Locator("#top-stats [data-metric=time_on_page]").CountAsync());

        // A second filter combines with the first, from the keyboard: Tab to the row, Enter.
        await page.FocusAsync("#panel-devices button.row >> nth=0");
        var browser = await page.GetAttributeAsync("#panel-devices button.row >> nth=0", "data-value");
        await page.Keyboard.PressAsync("Enter");
        await DashboardSite.WaitReadyAsync(page);
        Assert.Equal(2, await page.Locator("#filters .chip").CountAsync());
        filters.Add(new JsonArray("is", "visit:browser", new JsonArray(browser!)));
        await AssertPanelAsync(page, "sources", "visit:source", "visitors", "30d", filters);

        // A reload (and the URL alone) gives the same view.
        var url = page.Url;
        var before = await page.GetAttributeAsync("#top-stats [data-metric=pageviews]", "data-value");
        await page.ReloadAsync();
        await DashboardSite.WaitReadyAsync(page);
        Assert.Equal(url, page.Url);
        Assert.Equal(2, await page.Locator("#filters .chip").CountAsync());
        Assert.Equal(before, await page.GetAttributeAsync("#top-stats [data-metric=pageviews]", "data-value"));

        // Removing a chip removes its filter.
        await page.ClickAsync("#filters .chip[data-dimension='event:page']");
        await DashboardSite.WaitReadyAsync(page);
        Assert.DoesNotContain("event%3Apage", page.Url, StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("#filters .chip").CountAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_date_range_picker_and_the_comparison_follow_the_query_api()
    {
        var (page, errors) = await site.NewPageAsync();
        await DashboardSite.OpenAsync(page, "/analytics?site=shop.test");

        await page.SelectOptionAsync("#period", "7d");
        await DashboardSite.WaitReadyAsync(page);
        Assert.Contains("period=7d", page.Url, StringComparison.Ordinal);
        var week = await site.QueryAsync(new JsonObject { ["metrics"] = new JsonArray("visits"), ["date_range"] = "7d" });
        Assert.Equal(week.GetProperty("results")[0].GetProperty("metrics")[0].GetRawText(), await page.GetAttributeAsync("#top-stats [data-metric=visits]", "data-value"));
        Assert.Equal("7", await page.GetAttributeAsync("#chart", "data-points"));

        // The interval follows the range: today is by hour.
        await page.SelectOptionAsync("#period", "day");
        await DashboardSite.WaitReadyAsync(page);
        Assert.Equal("24", await page.GetAttributeAsync("#chart", "data-points"));
        Assert.Contains("by hour", await page.TextContentAsync("#interval") ?? "", StringComparison.Ordinal);

        // A custom range, chosen with the form.
        var today = DateTime.UtcNow.Date;
        var from = today.AddDays(-12).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var to = today.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.SelectOptionAsync("#period", "custom");
        await page.FillAsync("#from", from);
        await page.FillAsync("#to", to);
        await page.ClickAsync(".custom-range button[type=submit]");
        await DashboardSite.WaitReadyAsync(page);
        Assert.Contains($"period=custom&from={from}&to={to}", page.Url, StringComparison.Ordinal);
        var custom = await site.QueryAsync(new JsonObject
        {
            ["metrics"] = new JsonArray("pageviews"),
            ["date_range"] = new JsonArray(from, to),
            ["include"] = new JsonObject { ["comparisons"] = new JsonObject { ["mode"] = "previous_period" } },
        });
        var row = custom.GetProperty("results")[0];
        Assert.Equal(row.GetProperty("metrics")[0].GetRawText(), await page.GetAttributeAsync("#top-stats [data-metric=pageviews]", "data-value"));
        Assert.Equal(row.GetProperty("comparison").GetProperty("change")[0].GetRawText(), await page.GetAttributeAsync("#top-stats [data-metric=pageviews]", "data-change"));
        Assert.Equal("10", await page.GetAttributeAsync("#chart", "data-points"));

        // The comparison draws the ten days before, which the API counts the same.
        await page.ClickAsync("#top-stats [data-metric=pageviews]");
        await DashboardSite.WaitReadyAsync(page);
        await page.CheckAsync("#compare");
        await DashboardSite.WaitReadyAsync(page);
        Assert.Contains("compare=1", page.Url, StringComparison.Ordinal);
        Assert.Contains("metric=pageviews", page.Url, StringComparison.Ordinal);
        var previous = await site.QueryAsync(new JsonObject
        {
            ["metrics"] = new JsonArray("pageviews"),
            ["date_range"] = new JsonArray(today.AddDays(-22).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), today.AddDays(-13).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        });
        Assert.Equal(previous.GetProperty("results")[0].GetProperty("metrics")[0].GetRawText(), await page.GetAttributeAsync("#chart", "data-previous"));
        Assert.Equal(row.GetProperty("comparison").GetProperty("metrics")[0].GetRawText(), await page.GetAttributeAsync("#chart", "data-previous"));

        await page.ReloadAsync();
        await DashboardSite.WaitReadyAsync(page);
        Assert.True(await page.IsCheckedAsync("#compare"));
        Assert.Equal("custom", await page.InputValueAsync("#period"));
        Assert.Equal(from, await page.InputValueAsync("#from"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_panel_exports_all_its_rows_as_csv()
    {
        var (page, _) = await site.NewPageAsync();
        await DashboardSite.OpenAsync(page, "/analytics?site=shop.test&pages=entry");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#panel-pages .card-head button.small"));
        Assert.Equal("shop.test-pages-entry-30d.csv", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);

        var expected = await site.QueryAsync(new JsonObject
        {
            ["metrics"] = new JsonArray("visitors", "visits"),
            ["date_range"] = "30d",
            ["dimensions"] = new JsonArray("visit:entry_page"),
        });
        var lines = new List<string> { "Entry page,visitors,visits" };
        lines.AddRange(expected.GetProperty("results").EnumerateArray().Select(r =>
            $"{r.GetProperty("dimensions")[0].GetString()},{r.GetProperty("metrics")[0].GetRawText()},{r.GetProperty("metrics")[1].GetRawText()}"));
        Assert.Equal(string.Join("\r\n", lines) + "\r\n", csv);
        Assert.True(lines.Count > 2);
    }

    [Fact]
    public async Task Without_a_policy_a_request_from_elsewhere_gets_403_saying_how_to_open_it()
    {
        using var client = site.CreateClient();
        foreach (var path in new[] { "/analytics", "/analytics/dashboard.js" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            request.Headers.Add(DashboardSite.RemoteIpHeader, "203.0.113.50");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(403, problem.GetProperty("status").GetInt32());
            Assert.Contains(".RequireAuthorization(", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // Loopback is local.
        using (var local = await client.GetAsync(new Uri("/analytics", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        }

        // With the host's policy, the policy decides: a remote request it admits gets the page.
        using var admitted = new HttpRequestMessage(HttpMethod.Get, new Uri("/team", UriKind.Relative));
        admitted.Headers.Add(DashboardSite.RemoteIpHeader, "203.0.113.50");
        admitted.Headers.Add("X-Team", "yes");
        using var page = await client.SendAsync(admitted);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-api-base=\"/stats\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_401_from_the_query_api_asks_for_a_read_key_kept_out_of_the_url()
    {
        var (page, _) = await site.NewPageAsync(withReadKey: false);
        await page.GotoAsync("/locked?site=shop.test");
        await page.WaitForSelectorAsync("body[data-state=key]");
        Assert.True(await page.IsVisibleAsync("#key-form"));
        Assert.True(await page.IsHiddenAsync("#main"));

        await page.FillAsync("#read-key", "wrong");
        await page.PressAsync("#read-key", "Enter");
        await page.WaitForSelectorAsync("#read-key-error:has-text('refused')");

        await page.FillAsync("#read-key", site.ReadKey);
        await page.PressAsync("#read-key", "Enter");
        await DashboardSite.WaitReadyAsync(page);
        Assert.True(await page.IsVisibleAsync("#top-stats"));
        Assert.Equal("14", await page.GetAttributeAsync("#top-stats [data-metric=visits]", "data-value"));
        Assert.DoesNotContain(site.ReadKey, page.Url, StringComparison.Ordinal);
        Assert.Equal(site.ReadKey, await page.EvaluateAsync<string>("() => sessionStorage.getItem('analytics-dashboard-read-key')"));

        // The tab keeps it across a reload.
        await page.ReloadAsync();
        await DashboardSite.WaitReadyAsync(page);
        Assert.True(await page.IsHiddenAsync("#key-form"));
    }

    [Fact]
    public async Task The_page_runs_under_its_strict_csp_and_its_assets_fit_the_budget_and_are_cached()
    {
        var (page, errors) = await site.NewPageAsync();
        var response = await page.GotoAsync("/analytics?site=shop.test");
        await DashboardSite.WaitReadyAsync(page);
        var csp = await response!.HeaderValueAsync("content-security-policy");
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        // A violation of the policy is reported on the console; there is none.
        Assert.Empty(errors);

        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = site.BaseAddress };
        var html = await client.GetStringAsync(new Uri("/analytics", UriKind.Relative));
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        var total = 0L;
        foreach (var asset in System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=\"(/analytics/dashboard\\.(?:js|css)\\?v=[0-9a-f]{16})\"").Select(m => m.Groups[1].Value))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(asset, UriKind.Relative));
            request.Headers.AcceptEncoding.ParseAdd("gzip");
            using var answer = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("gzip", answer.Content.Headers.ContentEncoding.Single());
            Assert.Equal("public, max-age=31536000, immutable", answer.Headers.CacheControl?.ToString());
            var etag = answer.Headers.ETag!;
            total += (await answer.Content.ReadAsByteArrayAsync()).Length;

            using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(asset, UriKind.Relative));
            again.Headers.AcceptEncoding.ParseAdd("gzip");
            again.Headers.IfNoneMatch.Add(etag);
            using var notModified = await client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        }

        Assert.InRange(total, 10_000, 100 * 1024);
    }

    [Fact]
    public async Task Axe_finds_no_serious_or_critical_violations_in_either_theme()
    {
        // axe is injected as a script of its own, which the page's CSP would refuse; only this test bypasses it.
        var (page, _) = await site.NewPageAsync(new BrowserNewContextOptions { BypassCSP = true, ColorScheme = ColorScheme.Light });
        await DashboardSite.OpenAsync(page, "/analytics?site=shop.test&f=visit:browser=Chrome");
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = DashboardSite.AxeScriptPath });
        const string run = """
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)
            """;
        var violations = await page.EvaluateAsync<string[]>(run);
        Assert.True(violations.Length == 0, string.Join("\n", violations));

        await page.ClickAsync("#theme");
        Assert.Equal("dark", await page.GetAttributeAsync("html", "data-theme"));
        var dark = await page.EvaluateAsync<string[]>(run);
        Assert.True(dark.Length == 0, string.Join("\n", dark));
        await page.ClickAsync("#top-stats [data-metric=bounce_rate]");
        await DashboardSite.WaitReadyAsync(page);
        await ScreenshotAsync(page, "dashboard-dark.png");

        // The theme is a preference of the browser, not of the view: it outlives a reload.
        await page.ReloadAsync();
        await DashboardSite.WaitReadyAsync(page);
        Assert.Equal("dark", await page.GetAttributeAsync("html", "data-theme"));
    }

    private async Task AssertPanelAsync(IPage page, string panel, string dimension, string metric, string range, JsonArray? filters = null)
    {
        var tabFilters = dimension switch
        {
            "event:name" => new JsonArray(new JsonArray("is_not", "event:name", new JsonArray("pageview"))),
            _ when dimension.StartsWith("event:props:", StringComparison.Ordinal) => new JsonArray(new JsonArray("is_not", dimension, new JsonArray("(none)"))),
            _ => new JsonArray(),
        };
        var all = new JsonArray([.. (filters ?? []).Select(f => f!.DeepClone()), .. tabFilters.Select(f => f!.DeepClone())]);
        var expected = await site.QueryAsync(new JsonObject
        {
            ["metrics"] = new JsonArray(metric),
            ["date_range"] = range,
            ["dimensions"] = new JsonArray(dimension),
            ["filters"] = all,
            ["pagination"] = new JsonObject { ["limit"] = 9 },
        });
        var rows = expected.GetProperty("results").EnumerateArray()
            .Select(r => $"{r.GetProperty("dimensions")[0].GetString()}={r.GetProperty("metrics")[0].GetRawText()}")
            .ToList();
        var shown = await page.EvalOnSelectorAllAsync<string[]>(
            $"#panel-{panel} button.row",
            "rows => rows.map(r => `${r.dataset.value}=${r.querySelector('.value').dataset.value}`)");
        Assert.NotEmpty(rows);
        Assert.Equal(rows, shown);
    }

    private static string NullAsEmpty(JsonElement value) => value.ValueKind == JsonValueKind.Null ? "" : value.GetRawText();

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(DashboardSite.ResultsDirectory, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 10_000, $"The screenshot {path} is nearly empty.");
    }
}
