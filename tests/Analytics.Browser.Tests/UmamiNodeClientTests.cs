using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Analytics.Browser.Tests.Infrastructure;

namespace Analytics.Browser.Tests;

/// <summary>
/// Umami's own Node client, <c>@umami/node</c> as npm ships it (clients/), run by Node against our
/// <c>POST /api/send</c>: <c>clients/umami-node.mjs</c> sends a page view and a custom event with data, as the client's
/// README shows, for Umami website <see cref="TrackerSite.UmamiWebsiteId"/>, which <c>Analytics:Sites</c> maps to
/// shop.test. They must land in the store and come out of <c>POST /api/v2/query</c> with their site, page, referrer,
/// name and props; with the client's own user agent, a script's, they are a bot's and dropped. A host per test.
/// </summary>
public sealed class UmamiNodeClientTests : IAsyncLifetime
{
    private readonly TrackerSite _site = new() { WithBrowser = false };

    public Task InitializeAsync() => _site.InitializeAsync();

    public Task DisposeAsync() => _site.DisposeAsync();

    [Fact]
    public async Task A_page_view_and_a_custom_event_with_the_visitors_user_agent_land_with_their_site_page_referrer_name_and_props()
    {
        var answers = await RunUmamiNodeAsync(TrackerSite.UserAgent);

        var stored = await _site.StoredEventsAsync();
        Assert.Equal(
            [("pageview", "/pricing", "{}"), ("Signup", "/pricing", """{"plan":"pro","seats":"3"}""")],
            stored.Select(e => (e.GetProperty("name").GetString()!, e.GetProperty("page").GetString()!, e.GetProperty("props").GetRawText())));
        Assert.All(stored, e =>
        {
            Assert.Equal("shop.test", e.GetProperty("site").GetString());
            Assert.Equal("shop.test", e.GetProperty("hostname").GetString());
            Assert.Equal("https://www.google.com/", e.GetProperty("referrer").GetString());
            Assert.Equal("winter", e.GetProperty("utm_campaign").GetString());
            Assert.Equal("Chrome", e.GetProperty("browser").GetString());
            Assert.False(e.GetProperty("is_bot").GetBoolean());
        });
        Assert.All(answers.Zip(stored), pair =>
        {
            var (answer, e) = pair;
            Assert.Equal(200, answer.Status);
            Assert.Equal(e.GetProperty("visitor_id").GetString(), answer.Body.GetProperty("sessionId").GetString());
            Assert.Equal(e.GetProperty("session_id").GetString(), answer.Body.GetProperty("visitId").GetString());
        });

        Assert.Equal(
            [("/pricing", 1)],
            await _site.QueryAsync("pageviews", "event:page"));
        Assert.Equal(
            [("Signup", 1), ("pageview", 1)],
            await _site.QueryAsync("events", "event:name"));
        Assert.Equal(
            [("pro", 1)],
            await _site.QueryAsync("events", "event:props:plan", "Signup"));
        Assert.Equal(
            [("google.com", 1)],
            await _site.QueryAsync("visits", "visit:source"));
    }

    [Fact]
    public async Task With_the_clients_own_user_agent_every_event_is_a_bots_answered_beep_boop_and_dropped()
    {
        var answers = await RunUmamiNodeAsync(userAgent: null);

        Assert.Equal(2, answers.Count);
        Assert.All(answers, answer =>
        {
            Assert.Equal(200, answer.Status);
            Assert.Equal("""{"beep":"boop"}""", answer.Body.GetRawText());
        });
        Assert.Empty(await _site.StoredEventsAsync());
    }

    /// <summary>Runs <c>node clients/umami-node.mjs</c> against the host; the answers it printed.</summary>
    private async Task<IReadOnlyList<(int Status, JsonElement Body)>> RunUmamiNodeAsync(string? userAgent)
    {
        var clients = typeof(UmamiNodeClientTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "PeerClientsDirectory").Value!;
        if (!Directory.Exists(Path.Combine(clients, "node_modules", "@umami", "node")))
        {
            throw new InvalidOperationException(
                $"@umami/node is not installed in {clients}: build the test project (its build runs `npm ci` there).");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = clients,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "umami-node.mjs", new Uri(_site.BaseAddress, TrackerSite.Prefix).ToString(), TrackerSite.UmamiWebsiteId },
        };
        if (userAgent is not null)
        {
            start.ArgumentList.Add(userAgent);
        }

        Process node;
        try
        {
            node = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                "The @umami/node tests need Node.js 18 or later as `node` on the PATH (the build needs it too). On Debian: apt-get install nodejs npm.", e);
        }

        using (node)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var output = node.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = node.StandardError.ReadToEndAsync(timeout.Token);
            await node.WaitForExitAsync(timeout.Token);
            Assert.True(node.ExitCode == 0, $"node umami-node.mjs exited with {node.ExitCode}: {await error}");
            using var printed = JsonDocument.Parse(await output);
            return [.. printed.RootElement.EnumerateArray().Select(a => (
                a.GetProperty("status").GetInt32(),
                JsonDocument.Parse(a.GetProperty("body").GetString()!).RootElement.Clone()))];
        }
    }
}
