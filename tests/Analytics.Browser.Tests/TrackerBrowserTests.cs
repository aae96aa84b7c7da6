using System.Text.Json;
using Analytics.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Analytics.Browser.Tests;

/// <summary>
/// Our /analytics.js in Debian's Chromium on the static test site (site/): what it sends, and when. Each test marks
/// its pages with a run id in the query string and looks only at the events sent from those pages.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class TrackerBrowserTests
{
    private readonly TrackerSite _site;
    private readonly string _run = "run=" + Guid.NewGuid().ToString("N");

    public TrackerBrowserTests(TrackerSite site)
    {
        _site = site;
    }

    [Fact]
    public async Task Loading_a_page_sends_a_pageview_as_text_plain_and_the_calls_queued_before_the_script_loaded()
    {
        var page = await _site.NewPageAsync();

        await page.GotoAsync($"/index.html?{_run}");
        // Sent in this order, but on parallel connections: they may arrive in either.
        var events = await _site.WaitForAsync(_run, sent => sent.Any(e => e.Name == "Queued") && sent.Any(e => e.Name == "pageview"));

        var pageview = Assert.Single(events, e => e.Name == "pageview");
        Assert.Equal(new Uri(_site.BaseAddress, $"/index.html?{_run}").ToString(), pageview.Url);
        Assert.Equal("shop.test", pageview.Domain);
        Assert.Equal(JsonValueKind.Null, pageview.Json.GetProperty("r").ValueKind);
        Assert.False(pageview.Json.TryGetProperty("h", out _));
        Assert.Equal("text/plain", pageview.ContentType);
        var queued = Assert.Single(events, e => e.Name == "Queued");
        Assert.Equal("yes", queued.Prop("early"));
    }

    [Fact]
    public async Task Referrer_of_a_page_reached_by_a_link_is_the_page_before()
    {
        var page = await OpenAsync("/index.html");

        await page.EvaluateAsync("run => document.getElementById('other').href = 'other.html?' + run", _run);
        await page.ClickAsync("#other");
        var events = await _site.WaitForAsync(_run, sent => sent.Any(e => e.Name == "pageview" && e.Path == "/other.html"));

        var other = Assert.Single(events, e => e.Name == "pageview" && e.Path == "/other.html");
        Assert.Equal(new Uri(_site.BaseAddress, $"/index.html?{_run}").ToString(), other.Json.GetProperty("r").GetString());
    }

    [Fact]
    public async Task Spa_navigation_sends_the_engagement_of_the_page_left_and_a_pageview_of_the_new_path()
    {
        var page = await OpenAsync("/spa.html");

        await page.ClickAsync("#to-pricing");
        await _site.WaitForAsync(_run, sent => sent.Any(e => e.Path == "/spa/pricing"));
        await page.ClickAsync("#filter"); // replaceState on the same path: no page view
        await page.GoBackAsync(); // popstate back to /spa.html
        var events = await _site.WaitForAsync(_run, sent => sent.Count(e => e.Name == "pageview") >= 3);
        await Task.Delay(300); // time for a wrong extra page view to arrive

        Assert.Equal(["/spa.html", "/spa/pricing", "/spa.html"], _site.SentBy(_run).Where(e => e.Name == "pageview").Select(e => e.Path));
        var left = Assert.Single(events, e => e.Name == "engagement" && e.Path == "/spa.html");
        Assert.Equal(new Uri(_site.BaseAddress, $"/spa.html?{_run}").ToString(), left.Url);
        Assert.True(left.Json.GetProperty("e").GetInt32() >= 0);
        Assert.Equal(100, left.Json.GetProperty("sd").GetInt32()); // the whole short page was in view
    }

    [Fact]
    public async Task Hash_routing_counts_hash_changes_and_marks_every_event_with_h()
    {
        var page = await OpenAsync("/hash.html");

        await page.ClickAsync("#to-about");
        var events = await _site.WaitForAsync(_run, sent => sent.Count(e => e.Name == "pageview") == 2);

        Assert.EndsWith("#/about", events.Last(e => e.Name == "pageview").Url, StringComparison.Ordinal);
        Assert.All(events, e => Assert.Equal(1, e.Json.GetProperty("h").GetInt32()));
    }

    [Fact]
    public async Task Custom_event_carries_its_props_and_calls_back_with_the_answer()
    {
        var page = await OpenAsync("/index.html");

        await page.ClickAsync("#signup");
        var events = await _site.WaitForAsync(_run, sent => sent.Any(e => e.Name == "Signup"));
        await page.WaitForSelectorAsync("body[data-signup]");

        var signup = Assert.Single(events, e => e.Name == "Signup");
        Assert.Equal("pro", signup.Prop("plan"));
        Assert.Equal("/index.html", signup.Path);
        Assert.False(signup.Json.TryGetProperty("i", out _)); // interactive: true is the default, not sent
        using var callback = JsonDocument.Parse(await page.GetAttributeAsync("body", "data-signup") ?? "{}");
        Assert.Equal(202, callback.RootElement.GetProperty("status").GetInt32()); // committed by POST /api/event
    }

    [Fact]
    public async Task Outbound_link_click_is_sent_with_the_link_url()
    {
        var page = await OpenAsync("/index.html");

        await page.ClickAsync("#outbound");
        var events = await _site.WaitForAsync(_run, sent => sent.Any(e => e.Name == "Outbound Link: Click"));

        var click = Assert.Single(events, e => e.Name == "Outbound Link: Click");
        Assert.Equal("http://outbound.test/landing", click.Prop("url"));
        Assert.Equal("/index.html", click.Path);
        await page.WaitForURLAsync("http://outbound.test/landing");
    }

    [Fact]
    public async Task File_download_click_is_sent_with_the_file_url_without_its_query()
    {
        var page = await OpenAsync("/index.html");

        await page.ClickAsync("#download");
        var events = await _site.WaitForAsync(_run, sent => sent.Any(e => e.Name == "File Download"));

        Assert.Equal(new Uri(_site.BaseAddress, "/files/price-list.pdf").ToString(), Assert.Single(events, e => e.Name == "File Download").Prop("url"));
    }

    [Fact]
    public async Task Form_submission_is_sent_with_the_path_of_the_form_page()
    {
        var page = await OpenAsync("/index.html");

        await page.ClickAsync("#subscribe");
        var events = await _site.WaitForAsync(_run, sent => sent.Any(e => e.Name == "Form: Submission"));

        Assert.Equal("/index.html", Assert.Single(events, e => e.Name == "Form: Submission").Prop("path"));
    }

    [Fact]
    public async Task Leaving_the_page_sends_an_engagement_with_the_time_engaged_and_the_deepest_scroll()
    {
        var page = await OpenAsync("/index.html");
        await ScrollToAsync(page, "document.documentElement.scrollHeight / 2");
        await ScrollToAsync(page, "0");
        var viewport = await page.EvaluateAsync<double>("() => window.innerHeight");
        var height = await page.EvaluateAsync<double>("() => document.documentElement.scrollHeight");
        await Task.Delay(1200);

        await page.GotoAsync($"/other.html?{_run}");
        var events = await _site.WaitForAsync(_run, sent => sent.Any(e => e.Name == "engagement"));

        var engagement = Assert.Single(events, e => e.Name == "engagement");
        Assert.Equal(new Uri(_site.BaseAddress, $"/index.html?{_run}").ToString(), engagement.Url);
        Assert.Equal("shop.test", engagement.Domain);
        var engagedMs = engagement.Json.GetProperty("e").GetInt32();
        Assert.InRange(engagedMs, 1200, 60_000);
        // The deepest point seen is the bottom of the viewport scrolled half way down, not where the page was left.
        var expectedDepth = (int)Math.Round((height / 2 + viewport) / height * 100);
        Assert.InRange(engagement.Json.GetProperty("sd").GetInt32(), expectedDepth - 1, expectedDepth + 1);
        Assert.StartsWith("text/plain", engagement.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_is_sent_from_localhost_without_data_allow_localhost()
    {
        var page = await _site.NewPageAsync();

        await page.GotoAsync($"/excluded-localhost.html?{_run}");

        await AssertNothingSentAsync(page, "/excluded-localhost.html");
    }

    [Fact]
    public async Task Nothing_is_sent_under_webdriver_without_data_allow_webdriver()
    {
        var page = await _site.NewPageAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => navigator.webdriver"));

        await page.GotoAsync($"/excluded-webdriver.html?{_run}");

        await AssertNothingSentAsync(page, "/excluded-webdriver.html");
    }

    [Fact]
    public async Task Nothing_is_sent_while_local_storage_says_analytics_ignore()
    {
        var page = await OpenAsync("/other.html");
        await page.EvaluateAsync("() => localStorage.analytics_ignore = 'true'");

        await page.GotoAsync($"/index.html?{_run}");

        await AssertNothingSentAsync(page, "/index.html");
    }

    /// <summary>A new browser context on <paramref name="path"/> of this run, once its page view has arrived.</summary>
    private async Task<IPage> OpenAsync(string path)
    {
        var page = await _site.NewPageAsync();
        await page.GotoAsync($"{path}?{_run}");
        await _site.WaitForAsync(_run, sent => sent.Any(e => e.Name == "pageview" && e.Path == path));
        return page;
    }

    /// <summary>Scrolls to <paramref name="top"/> (a script expression) and waits for the scroll event.</summary>
    private static async Task ScrollToAsync(IPage page, string top) =>
        await page.EvaluateAsync($"() => new Promise(resolve => {{ addEventListener('scroll', () => resolve(), {{ once: true }}); scrollTo(0, {top}); }})");

    /// <summary>
    /// Probes the excluded page with a custom event (whose callback runs even when nothing is sent), leaves it for a
    /// page that does send, and checks that of the two only the second was heard from.
    /// </summary>
    private async Task AssertNothingSentAsync(IPage page, string excludedPath)
    {
        await page.EvaluateAsync("() => new Promise(resolve => analytics('Probe', { callback: resolve }))");
        await page.EvaluateAsync("() => localStorage.removeItem('analytics_ignore')");

        await page.GotoAsync($"/spa.html?{_run}");
        await _site.WaitForAsync(_run, sent => sent.Any(e => e.Path == "/spa.html"));
        await Task.Delay(300);

        Assert.DoesNotContain(_site.SentBy(_run), e => e.Path == excludedPath);
    }
}
