using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Analytics.AspNetCore.Tests.Infrastructure;
using Analytics.Storage;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Analytics.AspNetCore.Tests.Hostile;

/// <summary>
/// The hostile-input suite (issue 13, item 2): generated and mutated requests to every route, on each store, through
/// the standalone host in memory. No answer may be a 5xx, none may hang, the host must keep running, refusals of bad
/// input (400, 413, 415) are problem details, and a good event sent afterwards is stored exactly once.
/// A failure prints CsCheck's seed and the request; replay it with <c>HOSTILE_SEED=&lt;seed&gt;</c>.
/// <c>HOSTILE_REQUESTS</c> sets the number of requests (default 10,000 per store).
/// </summary>
public abstract class HostileInputTests
{
    public const string SeedVariable = "HOSTILE_SEED";
    public const string RequestsVariable = "HOSTILE_REQUESTS";

    /// <summary>Set to list every failing request of a run (without seeds) instead of stopping at the first.</summary>
    public const string CollectVariable = "HOSTILE_COLLECT";

    /// <summary>Far beyond any answer's time on a loaded machine: only a hang reaches it. Not a performance bound.</summary>
    private static readonly TimeSpan HangTimeout = TimeSpan.FromSeconds(90);

    private readonly HostileFixture _fixture;
    private readonly ITestOutputHelper _output;

    protected HostileInputTests(HostileFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public async Task Hostile_requests_to_every_route_get_no_5xx_and_a_good_event_afterwards_is_stored_once()
    {
        var seed = Environment.GetEnvironmentVariable(SeedVariable);
        var requests = int.TryParse(Environment.GetEnvironmentVariable(RequestsVariable), CultureInfo.InvariantCulture, out var n) ? n : 10_000;
        var client = _fixture.CreateClient();
        client.Timeout = Timeout.InfiniteTimeSpan; // the hang timeout below decides
        var tally = new ConcurrentDictionary<(string Route, int Status), int>();
        var clock = Stopwatch.StartNew();
        var collect = Environment.GetEnvironmentVariable(CollectVariable) is { Length: > 0 };
        var failures = new ConcurrentDictionary<string, string>();

        await HostileRequests.Any.SampleAsync(
            async request =>
            {
                int status;
                try
                {
                    status = await SendAsync(client, request);
                }
                catch (XunitException ex) when (collect)
                {
                    failures.TryAdd(ex.Message.Split('\n')[0], request.ToString());
                    status = 599;
                }

                tally.AddOrUpdate((request.Route, status), 1, (_, count) => count + 1);
            },
            seed: string.IsNullOrEmpty(seed) ? null : seed,
            iter: string.IsNullOrEmpty(seed) ? requests : 1,
            threads: 4,
            print: request => request.ToString());

        var store = _fixture.Factory.Services.GetRequiredService<IEventStore>().Description;
        _output.WriteLine($"{requests} hostile requests in {clock.Elapsed.TotalSeconds:F1} s on {store}");
        foreach (var route in HostileRequests.RouteNames)
        {
            var answers = tally.Where(t => t.Key.Route == route).OrderBy(t => t.Key.Status).Select(t => $"{t.Key.Status}: {t.Value}");
            _output.WriteLine($"  {route}: {string.Join(", ", answers)}");
        }

        Assert.True(failures.IsEmpty, string.Join("\n\n", failures.Take(30).Select(f => f.Key + "\n" + f.Value)));
        if (string.IsNullOrEmpty(seed))
        {
            // The good path ran too: every route answered some requests with success, so the suite is not merely
            // bouncing off the content type.
            Assert.All(HostileRequests.RouteNames, route => Assert.True(
                tally.Any(t => t.Key.Route == route && t.Key.Status is >= 200 and < 300),
                $"{route} never answered 2xx: {string.Join(", ", tally.Where(t => t.Key.Route == route).Select(t => $"{t.Key.Status}: {t.Value}"))}"));
        }

        await AssertTheHostStillWorksAsync(client);
    }

    /// <summary>A good event through each ingest API, the first one sent twice with its id, is stored once.</summary>
    private async Task AssertTheHostStillWorksAsync(HttpClient client)
    {
        var health = await SendAsync(client, Get("/health"));
        Assert.Equal(200, health);

        var id = Guid.NewGuid();
        var page = $"/good-{id:N}";
        var retried = Post("/api/events", "application/json", $$"""{"id":"{{id}}","site":"{{HostileRequests.Site}}","page":"{{page}}"}""");
        Assert.Equal(201, await SendAsync(client, retried));
        Assert.Equal(201, await SendAsync(client, retried));
        var plausible = Post("/api/event", "text/plain", $$"""{"n":"pageview","u":"https://{{HostileRequests.Site}}{{page}}-plausible","d":"{{HostileRequests.Site}}"}""");
        Assert.Equal(202, await SendAsync(client, plausible));
        var umami = Post("/api/send", "application/json", $$"""{"type":"event","payload":{"website":"{{HostileRequests.UmamiWebsite}}","hostname":"{{HostileRequests.Site}}","url":"{{page}}-umami"} }""");
        Assert.Equal(200, await SendAsync(client, umami));

        Assert.Equal(1, await CountAsync(client, page));
        Assert.Equal(1, await CountAsync(client, page + "-plausible"));
        Assert.Equal(1, await CountAsync(client, page + "-umami"));
        using var get = new HttpRequestMessage(HttpMethod.Get, $"/api/events/{id}");
        _fixture.Authorize(get, isRead: true);
        using var stored = await client.SendAsync(get);
        Assert.Equal(page, (await Api.ReadJsonAsync(stored)).GetProperty("page").GetString());
    }

    // Page views of one page in the day around the fixture's clock: the total over every row, so a copy counts twice.
    private async Task<long> CountAsync(HttpClient client, string page)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/events?duration=1%20day&from=2026-02-09&to=2026-02-11&pages={Uri.EscapeDataString(page)}");
        _fixture.Authorize(request, isRead: true);
        using var response = await client.SendAsync(request);
        var rows = await Api.ReadJsonAsync(response);
        return rows.EnumerateArray().Sum(row => row.GetProperty("count").GetInt64());
    }

    private async Task<int> SendAsync(HttpClient client, HostileRequest request)
    {
        using var message = request.ToMessage();
        _fixture.Authorize(message, request.IsRead);
        using var timeout = new CancellationTokenSource(HangTimeout);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(message, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new XunitException($"No answer within {HangTimeout.TotalSeconds} s (a hang).");
        }
        catch (Exception ex) when (ex is not XunitException)
        {
            throw new XunitException($"The request failed in the host: {ex}");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                throw new XunitException($"Answered {status}: {Shorten(body)}");
            }

            if (status is 400 or 413 or 415)
            {
                var type = response.Content.Headers.ContentType?.MediaType;
                if (type != "application/problem+json")
                {
                    throw new XunitException($"Answered {status} as {type ?? "(no content type)"}, not problem details: {Shorten(body)}");
                }

                using var problem = JsonDocument.Parse(body);
                Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
            }

            return status;
        }
    }

    private static HostileRequest Get(string target) => new("check", HttpMethod.Get, target, null, null, [], IsRead: true);

    private static HostileRequest Post(string target, string contentType, string body) =>
        new("check", HttpMethod.Post, target, contentType, Encoding.UTF8.GetBytes(body), [], IsRead: false);

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000] + "...";
}

/// <summary>The hostile-input suite on PostgreSQL.</summary>
public sealed class PostgreSqlHostileInputTests : HostileInputTests, IClassFixture<HostileFixture>
{
    public PostgreSqlHostileInputTests(HostileFixture fixture, ITestOutputHelper output)
        : base(fixture, output)
    {
    }
}

/// <summary>The hostile-input suite on DuckDB.</summary>
public sealed class DuckDbHostileInputTests : HostileInputTests, IClassFixture<DuckDbHostileFixture>
{
    public DuckDbHostileInputTests(DuckDbHostileFixture fixture, ITestOutputHelper output)
        : base(fixture, output)
    {
    }
}
