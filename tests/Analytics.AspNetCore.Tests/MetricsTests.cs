using System.Globalization;
using System.Net;
using Analytics.AspNetCore.Tests.Infrastructure;

namespace Analytics.AspNetCore.Tests;

/// <summary>
/// The standalone host's Prometheus endpoint under load: page views from concurrent clients, a bot, an invalid event
/// and reads move the library's counters and histograms. Other tests in the process report to meters of the same
/// name, so every assertion is a lower bound on what moved between two scrapes.
/// </summary>
public sealed class MetricsTests : IClassFixture<ApiFixture>
{
    private const int Clients = 8;
    private const int EventsPerClient = 25;
    private readonly ApiFixture _fixture;

    public MetricsTests(ApiFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Metrics_shows_the_pipeline_at_work_under_load()
    {
        using var client = _fixture.CreateClient();
        var before = await ScrapeAsync(client);

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async c =>
        {
            for (var i = 0; i < EventsPerClient; i++)
            {
                using var response = await client.PostEventAsync($$"""{"page":"/metrics/{{c}}/{{i}}"}""");
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }
        }));
        var batch = "[" + string.Join(",", Enumerable.Range(0, 10).Select(i => $$"""{"page":"/metrics/batch/{{i}}"}""")) + "]";
        using (var response = await client.PostAsync("/api/events/batch", Api.Json(batch)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var invalid = await client.PostEventAsync("""{"duration":3}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        using (var bot = new HttpRequestMessage(HttpMethod.Post, "/api/event"))
        {
            bot.Content = new StringContent("""{"n":"pageview","u":"https://shop.test/","d":"shop.test"}""", System.Text.Encoding.UTF8, "text/plain");
            bot.Headers.TryAddWithoutValidation("User-Agent", "Googlebot/2.1 (+http://www.google.com/bot.html)");
            using var response = await client.SendAsync(bot);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        using (var read = await client.GetAsync("/api/events?duration=1 hour"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        var after = await ScrapeAsync(client);

        const int pageViews = (Clients * EventsPerClient) + 10;
        Assert.True(Moved(before, after, "analytics_events_received_total") >= pageViews, Describe(after));
        Assert.True(Moved(before, after, "analytics_events_stored_total") >= pageViews, Describe(after));
        Assert.True(Moved(before, after, "analytics_events_rejected_total", "reason=\"invalid\"") >= 1, Describe(after));
        Assert.True(Moved(before, after, "analytics_events_dropped_total", "reason=\"bot\"") >= 1, Describe(after));
        Assert.True(Moved(before, after, "analytics_write_batch_size_count") >= 1, Describe(after));
        Assert.True(Moved(before, after, "analytics_write_batch_size_sum") >= pageViews, Describe(after));
        Assert.True(Moved(before, after, "analytics_write_duration_seconds_count", "outcome=\"committed\"") >= 1, Describe(after));
        Assert.True(Moved(before, after, "analytics_query_duration_seconds_count", "kind=\"aggregate\"") >= 1, Describe(after));
        Assert.Contains(after.Keys, series => series.StartsWith("analytics_ingestion_queue_depth", StringComparison.Ordinal));
    }

    private static async Task<Dictionary<string, double>> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // name{labels} value [timestamp]; label values here hold no spaces.
            var parts = line.Split(' ');
            series[parts[0]] = double.Parse(parts[1], CultureInfo.InvariantCulture);
        }

        return series;
    }

    private static double Moved(Dictionary<string, double> before, Dictionary<string, double> after, string name, string label = "") =>
        Sum(after, name, label) - Sum(before, name, label);

    private static double Sum(Dictionary<string, double> scrape, string name, string label) => scrape
        .Where(s => (s.Key == name || s.Key.StartsWith(name + "{", StringComparison.Ordinal)) && s.Key.Contains(label, StringComparison.Ordinal))
        .Sum(s => s.Value);

    private static string Describe(Dictionary<string, double> scrape) =>
        string.Join("\n", scrape.Where(s => s.Key.StartsWith("analytics_", StringComparison.Ordinal)).Select(s => $"{s.Key} {s.Value}"));
}
