using System.Text.Json;
using Analytics.Browser.Tests.Infrastructure;

namespace Analytics.Browser.Tests;

/// <summary>
/// Plausible's own browser trackers, taken from npm as they are (clients/, bundled by the build), on the test site in
/// Chromium and pointed at our <c>POST /api/event</c>: the current <c>@plausible-analytics/tracker</c> and the
/// archived <c>plausible-tracker</c> 0.3.9. A visit (arriving from Google, a custom event with props, a second page;
/// with the current tracker also a purchase with revenue and an outbound click) must be committed, each event answered 202 with nothing dropped, and land in the store and come out of
/// <c>POST /api/v2/query</c> with its site, pages, referrers, names and props. A host and store per test.
/// </summary>
public sealed class PeerTrackerBrowserTests : IAsyncLifetime
{
    private const string Google = "https://www.google.com/";
    private readonly TrackerSite _site = new();

    public Task InitializeAsync() => _site.InitializeAsync();

    public Task DisposeAsync() => _site.DisposeAsync();

    [Fact]
    public async Task A_visit_tracked_by_plausible_analytics_tracker_lands_with_its_site_pages_referrers_props_and_names()
    {
        var page = await _site.NewPageAsync();
        await page.GotoAsync("/plausible/index.html", new() { Referer = Google });
        await page.ClickAsync("#signup");
        await page.WaitForSelectorAsync("body[data-signup]");
        Assert.Equal("{\"status\":202}", await page.GetAttributeAsync("body", "data-signup"));
        await page.ClickAsync("#purchase");
        await page.WaitForSelectorAsync("body[data-purchase]");
        await page.ClickAsync("#other");
        await page.WaitForURLAsync("**/plausible/other.html");
        await page.ClickAsync("#outbound");
        await page.WaitForURLAsync("http://outbound.test/landing");

        // Two page views, the custom event, the outbound click, and the engagement of each page left.
        var sent = await _site.WaitForAsync("/plausible/", events =>
            events.Count(e => e.Name == "engagement") == 2 && events.Any(e => e.Name == "Outbound Link: Click") && events.All(e => e.Response is not null));
        Assert.All(sent, e => Assert.Equal(new SentEvent.Answer(202, null), e.Response));
        Assert.All(sent, e => Assert.Equal("shop.test", e.Domain));

        await AssertVisitLandedAsync("/plausible/", outboundClick: true);
        // Revenue, which this tracker sends as "$".
        Assert.Equal(
            """{"revenue_amount":"15.99","revenue_currency":"USD"}""",
            (await _site.StoredEventsAsync()).Single(e => e.GetProperty("name").GetString() == "Purchase").GetProperty("props").GetRawText());
        Assert.Equal(
            ["/plausible/index.html", "/plausible/other.html"],
            (await _site.StoredEventsAsync()).Where(e => e.GetProperty("name").GetString() == "engagement").Select(e => e.GetProperty("page").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_visit_tracked_by_the_archived_plausible_tracker_lands_with_its_site_pages_referrers_props_and_names()
    {
        var page = await _site.NewPageAsync();
        await page.GotoAsync("/plausible-tracker/index.html", new() { Referer = Google });
        await page.ClickAsync("#signup");
        await page.WaitForSelectorAsync("body[data-signup]");
        await page.ClickAsync("#other");
        await page.WaitForURLAsync("**/plausible-tracker/other.html");

        var sent = await _site.WaitForAsync("/plausible-tracker/", events => events.Count == 3 && events.All(e => e.Response is not null));
        Assert.All(sent, e => Assert.Equal(new SentEvent.Answer(202, null), e.Response));
        // What makes this client the archived one: props as a JSON text, and the screen width and hash mode on every event.
        Assert.Equal(JsonValueKind.String, sent.Single(e => e.Name == "Signup").Props?.ValueKind);
        Assert.Equal("""{"plan":"pro"}""", sent.Single(e => e.Name == "Signup").Props?.GetString());
        Assert.All(sent, e => Assert.Equal(JsonValueKind.Number, e.Json.GetProperty("w").ValueKind));
        Assert.All(sent, e => Assert.Equal(0, e.Json.GetProperty("h").GetInt32()));

        await AssertVisitLandedAsync("/plausible-tracker/", outboundClick: false);
    }

    /// <summary>
    /// The visit's events in the store (engagement and purchase aside), in order, and in the stats API: the entry page from Google,
    /// <c>Signup</c> with <c>plan=pro</c> on it, the second page referred by the first, and, if clicked, the outbound
    /// link on the second; all for shop.test from a desktop Chrome, in one visit from google.com.
    /// </summary>
    private async Task AssertVisitLandedAsync(string folder, bool outboundClick)
    {
        var index = folder + "index.html";
        var other = folder + "other.html";
        var stored = (await _site.StoredEventsAsync()).Where(e => e.GetProperty("name").GetString() is not ("engagement" or "Purchase")).ToList();
        List<(string, string, string?, string)> expected =
        [
            ("pageview", index, Google, "{}"),
            ("Signup", index, Google, """{"plan":"pro"}"""),
            ("pageview", other, new Uri(_site.BaseAddress, index).ToString(), "{}"),
        ];
        if (outboundClick)
        {
            expected.Add(("Outbound Link: Click", other, new Uri(_site.BaseAddress, index).ToString(), """{"url":"http://outbound.test/landing"}"""));
        }

        Assert.Equal(expected, stored.Select(e => (
            e.GetProperty("name").GetString()!,
            e.GetProperty("page").GetString()!,
            e.GetProperty("referrer").GetString(),
            e.GetProperty("props").GetRawText())));
        Assert.All(stored, e =>
        {
            Assert.Equal("shop.test", e.GetProperty("site").GetString());
            Assert.Equal("Chrome", e.GetProperty("browser").GetString());
            Assert.False(e.GetProperty("is_bot").GetBoolean());
        });

        Assert.Equal(
            [(index, 1), (other, 1)],
            await _site.QueryAsync("pageviews", "event:page"));
        Assert.Equal(
            outboundClick ? [("Outbound Link: Click", 1), ("Signup", 1), ("pageview", 2)] : [("Signup", 1), ("pageview", 2)],
            await _site.QueryAsync("events", "event:name", "pageview", "Signup", "Outbound Link: Click"));
        Assert.Equal(
            [("pro", 1)],
            await _site.QueryAsync("events", "event:props:plan", "Signup"));
        Assert.Equal(
            [("google.com", 1)],
            await _site.QueryAsync("visits", "visit:source"));
        Assert.Equal(
            [(Google, 1)],
            await _site.QueryAsync("visitors", "visit:referrer"));
    }
}
