using Analytics.Browser.Tests.Infrastructure;

namespace Analytics.Browser.Tests;

/// <summary>
/// End to end: a visit on the test site, driven in Chromium, lands in the store through <c>POST /api/event</c> and
/// comes out of <c>POST /api/v2/query</c> with its site, pages, names and props. A host and store of its own, so the
/// counts are this visit's alone.
/// </summary>
public sealed class TrackerJourneyTests : IAsyncLifetime
{
    private readonly TrackerSite _site = new();

    public Task InitializeAsync() => _site.InitializeAsync();

    public Task DisposeAsync() => _site.DisposeAsync();

    [Fact]
    public async Task Every_event_of_a_visit_is_committed_and_comes_out_of_the_stats_api()
    {
        var page = await _site.NewPageAsync();
        await page.GotoAsync("/index.html");
        await page.ClickAsync("#signup");
        await page.WaitForSelectorAsync("body[data-signup]");
        var signupAnswer = await page.GetAttributeAsync("body", "data-signup");
        await page.GotoAsync("/spa.html");
        await page.ClickAsync("#to-pricing");
        await page.GotoAsync("/index.html");
        await page.ClickAsync("#outbound");
        await page.WaitForURLAsync("http://outbound.test/landing");

        // 3 page views of real pages and 1 of the SPA, the queued call of each load of index.html, the custom event,
        // the outbound click, and an engagement for each of the 4 page views left; each answered once committed.
        var sent = await _site.WaitForAsync("", events =>
            events.Count(e => e.Name == "engagement") == 4 && events.Any(e => e.Name == "Outbound Link: Click") && events.All(e => e.Response is not null));
        Assert.All(sent, e => Assert.Equal(new SentEvent.Answer(202, null), e.Response));
        Assert.Equal("{\"status\":202}", signupAnswer);

        Assert.Equal(
            [("/index.html", 2), ("/spa.html", 1), ("/spa/pricing", 1)],
            await _site.QueryAsync("pageviews", "event:page"));
        Assert.Equal(
            [("Outbound Link: Click", 1), ("Queued", 2), ("Signup", 1), ("pageview", 4)],
            await _site.QueryAsync("events", "event:name", "pageview", "Queued", "Signup", "Outbound Link: Click"));
        Assert.Equal(
            [("pro", 1)],
            await _site.QueryAsync("events", "event:props:plan", "Signup"));
        Assert.Equal(
            [("http://outbound.test/landing", 1)],
            await _site.QueryAsync("events", "event:props:url", "Outbound Link: Click"));
        Assert.Equal(
            [("", 1)],
            await _site.QueryAsync("visits"));
    }
}
