using Analytics.Enrichment;
using Analytics.Events;
using Analytics.Querying;
using Analytics.Querying.Stats;
using Analytics.Storage;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Analytics.Testing;

/// <summary>
/// The behaviour every <see cref="IEventStore"/> must have. Each store's test class derives from this and says how
/// to open a store; an assertion that holds for one store and fails for another is a bug in one of them.
/// </summary>
public abstract partial class EventStoreContract : IAsyncLifetime
{
    protected const string Windows = "Windows";
    protected const string MacOS = "macOS";

    protected static readonly DateTimeOffset Now = new(2026, 3, 20, 12, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Clock { get; } = new(Now);

    /// <summary>Opens a store on this test's (fresh) database with <paramref name="options"/>. Called more than once per test to model restarts.</summary>
    protected abstract Task<IEventStore> OpenStoreAsync(AnalyticsOptions options);

    /// <summary>Creates the test's database; override to add set-up.</summary>
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Removes the test's database.</summary>
    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected async Task<IEventStore> ReadyStoreAsync(AnalyticsOptions? options = null)
    {
        var store = await OpenStoreAsync(options ?? new AnalyticsOptions());
        await store.EnsureSchemaAsync(CancellationToken.None);
        await store.RunMaintenanceAsync(CancellationToken.None);
        return store;
    }

    protected static AnalyticsEvent Event(DateTimeOffset time, string page = "/a", string os = Windows, int? duration = null) => new()
    {
        Id = Guid.CreateVersion7(time),
        Time = time,
        Page = page,
        UserAgent = "test-agent",
        IpAddress = "192.0.2.1",
        Referrer = "https://example.com/",
        SessionId = "s-1",
        Duration = duration,
        OperatingSystem = os,
        OsVersion = "10",
        Browser = "Chrome",
        BrowserVersion = "131",
        DeviceType = "desktop",
        Hostname = "shop.test",
        ReferrerHost = "example.com",
        ReferrerSource = "referral",
        UtmSource = "newsletter",
        UtmMedium = "email",
        UtmCampaign = "spring",
        UtmTerm = "shoes",
        UtmContent = "banner",
        VisitorId = 0x0123_4567_89ab_cdef,
        Site = "shop.test",
    };

    protected static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    protected static AggregateQuery Query(string width, DateTimeOffset from, DateTimeOffset to, params string[] pages)
    {
        Assert.True(TimeBucketWidth.TryParse(width, out var parsed, out _));
        return new AggregateQuery { Width = parsed, From = from, To = to, Pages = pages };
    }

    /// <summary>A stats query of shop.test over 18 March 2026 (UTC).</summary>
    protected static StatsQuery StatsOnTheDay(params StatsMetric[] metrics) => new()
    {
        Site = "shop.test",
        From = Utc(2026, 3, 18),
        To = Utc(2026, 3, 19),
        Metrics = metrics,
    };

    [Fact]
    public async Task Stats_count_visits_bounces_durations_and_views_per_visit_on_the_site_asked_for()
    {
        var store = await ReadyStoreAsync();
        var start = Utc(2026, 3, 18, 9);
        await store.AppendAsync(
        [
            // A visit of three page views over 90 s, a bounce with a non-interactive event after it, another site.
            Event(start) with { SessionId = "a", VisitorId = 1, Page = "/" },
            Event(start.AddSeconds(30)) with { SessionId = "a", VisitorId = 1, Page = "/pricing" },
            Event(start.AddSeconds(90)) with { SessionId = "a", VisitorId = 1, Page = "/signup" },
            Event(start.AddHours(1)) with { SessionId = "b", VisitorId = 2, Page = "/blog" },
            Event(start.AddHours(1).AddSeconds(10)) with { SessionId = "b", VisitorId = 2, Page = "/blog", Name = "Scroll", Interactive = false },
            Event(start.AddHours(2)) with { SessionId = "c", VisitorId = 3, Site = "other.test" },
            Event(start.AddHours(3)) with { SessionId = "d", VisitorId = 4, IsBot = true },
        ], CancellationToken.None);

        var result = await store.QueryStatsAsync(StatsOnTheDay([.. StatsMetric.All]), CancellationToken.None);

        var row = Assert.Single(result.Rows);
        Assert.Empty(row.Dimensions);
        // visitors, visits, pageviews, views_per_visit, bounce_rate, visit_duration, events, percentage, and no
        // engagement events for scroll_depth and time_on_page
        Assert.Equal<object?>([2L, 2L, 4L, 2.0, 50L, 50L, 5L, 100.0, null, null], row.Metrics);
        Assert.Equal(1, result.TotalRows);
    }

    [Fact]
    public async Task Stats_group_by_page_and_entry_page_with_filters()
    {
        var store = await ReadyStoreAsync();
        var start = Utc(2026, 3, 18, 9);
        await store.AppendAsync(
        [
            Event(start) with { SessionId = "a", VisitorId = 1, Page = "/" },
            Event(start.AddSeconds(30)) with { SessionId = "a", VisitorId = 1, Page = "/pricing", Props = new EventPropsDictionary([new("plan", "pro")]) },
            Event(start.AddHours(1)) with { SessionId = "b", VisitorId = 2, Page = "/pricing", UtmSource = null, ReferrerSource = "direct" },
        ], CancellationToken.None);

        var result = await store.QueryStatsAsync(
            StatsOnTheDay(StatsMetric.Visitors, StatsMetric.BounceRate) with
            {
                TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"),
                Dimensions = [StatsDimension.Find("event:page")!, StatsDimension.Find("time:day")!],
                Filters = [new StatsCondition(StatsFilterOperator.Contains, StatsDimension.Find("visit:source")!, ["NEWS"], CaseSensitive: false)],
                OrderBy = [new("visitors", true)],
            },
            CancellationToken.None);

        Assert.Collection(
            result.Rows,
            r => Assert.Equal<object>(["/", "2026-03-18", 1L, 0L], [.. r.Dimensions, .. r.Metrics!]),
            r => Assert.Equal<object>(["/pricing", "2026-03-18", 1L, 0L], [.. r.Dimensions, .. r.Metrics!]));
    }

    [Fact]
    public async Task A_windows_time_zone_name_buckets_as_its_iana_zone()
    {
        var store = await ReadyStoreAsync();
        // 23:30 UTC on 18 March is 00:30 on the 19th in Berlin (+01:00).
        await store.AppendAsync([Event(Utc(2026, 3, 18, 23, 30))], CancellationToken.None);
        var query = StatsOnTheDay(StatsMetric.Pageviews) with
        {
            To = Utc(2026, 3, 20),
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById("W. Europe Standard Time"),
            Dimensions = [StatsDimension.Find("time:day")!],
        };

        var row = Assert.Single((await store.QueryStatsAsync(query, CancellationToken.None)).Rows);

        Assert.Equal(["2026-03-19"], row.Dimensions);
    }

    [Fact]
    public async Task A_stats_query_no_store_can_answer_is_refused_with_an_argument_exception()
    {
        var store = await ReadyStoreAsync();
        await store.AppendAsync([Event(Utc(2026, 3, 18, 9))], CancellationToken.None);
        var valid = StatsOnTheDay(StatsMetric.Visitors);
        var page = StatsDimension.Find("event:page")!;
        StatsQuery[] refused =
        [
            valid with { Metrics = [] },
            valid with { To = valid.From },
            valid with { Limit = 0 },
            valid with { Filters = [new StatsCondition(StatsFilterOperator.Is, page, [])] },
            valid with { Filters = [new StatsOr([])] },
            valid with { Metrics = [StatsMetric.BounceRate], Dimensions = [StatsDimension.Find("event:name")!] },
            // Neither engine compiles an unbalanced group; the store says so instead of failing as if it were down.
            valid with { Filters = [new StatsCondition(StatsFilterOperator.Matches, page, ["(unbalanced"])] },
        ];

        foreach (var query in refused)
        {
            await Assert.ThrowsAsync<ArgumentException>(() => store.QueryStatsAsync(query, CancellationToken.None));
        }

        Assert.Single((await store.QueryStatsAsync(valid, CancellationToken.None)).Rows);
    }

    [Fact]
    public async Task The_seed_aggregate_counts_page_views_of_one_site_when_asked_and_of_every_site_otherwise()
    {
        var store = await ReadyStoreAsync();
        var day = Utc(2026, 3, 18);
        await store.AppendAsync(
        [
            Event(day.AddHours(1)), Event(day.AddHours(2)) with { Site = "other.test" }, Event(day.AddHours(3)) with { Site = "other.test" },
            Event(day.AddHours(4)) with { Name = "Signup" },
        ],
            CancellationToken.None);

        var all = await store.AggregateAsync(Query("1 day", day, day.AddDays(1)), CancellationToken.None);
        var other = await store.AggregateAsync(Query("1 day", day, day.AddDays(1)) with { Site = "other.test" }, CancellationToken.None);

        Assert.Equal(3, Assert.Single(all).Count);
        Assert.Equal(2, Assert.Single(other).Count);
    }

    [Fact]
    public async Task Appended_events_read_back_with_every_field()
    {
        var store = await ReadyStoreAsync();
        var stored = Event(Now.AddMinutes(-5), duration: 12) with
        {
            UserAgent = "Mozilla/5.0 ü",
            SessionId = "abc123",
            Name = "Signup",
            Props = new EventPropsDictionary([new("plan", "pro"), new("seats", "3"), new("empty", "")]),
            Interactive = false,
        };
        var sparse = Event(Now.AddMinutes(-4)) with { UserAgent = null, IpAddress = null, Referrer = null, SessionId = null };

        await store.AppendAsync([stored, sparse], CancellationToken.None);

        Assert.Equal(stored, await store.GetAsync(stored.Id, CancellationToken.None));
        Assert.Equal(sparse, await store.GetAsync(sparse.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Bots_are_stored_and_flagged_and_left_out_of_aggregates_unless_asked_for()
    {
        var store = await ReadyStoreAsync();
        var day = Utc(2026, 3, 18);
        var bot = Event(day.AddHours(2)) with { IsBot = true, Browser = "Other", BrowserVersion = null, DeviceType = "bot" };
        await store.AppendAsync([Event(day.AddHours(1)), bot], CancellationToken.None);

        var humans = await store.AggregateAsync(Query("1 day", day, day.AddDays(1)), CancellationToken.None);
        var everyone = await store.AggregateAsync(Query("1 day", day, day.AddDays(1)) with { IncludeBots = true }, CancellationToken.None);

        Assert.Equal(1, Assert.Single(humans).Count);
        Assert.Equal(2, Assert.Single(everyone).Count);
        Assert.Equal(bot, await store.GetAsync(bot.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Derived_sources_campaigns_and_visitors_read_back_through_both_write_paths()
    {
        var store = await ReadyStoreAsync();
        var sparse = Event(Now.AddMinutes(-9)) with
        {
            Hostname = null, ReferrerHost = null, ReferrerSource = "direct", UtmSource = null, UtmMedium = null,
            UtmCampaign = null, UtmTerm = null, UtmContent = null, VisitorId = null,
        };
        var negative = Event(Now.AddMinutes(-8)) with { VisitorId = long.MinValue + 7 };
        var many = Enumerable.Range(0, 1200).Select(i => Event(Now.AddSeconds(-i)) with
        {
            VisitorId = i,
            UtmTerm = $"t{i}",
            Name = i % 3 == 0 ? "Download" : "pageview",
            Props = i % 3 == 0 ? new EventPropsDictionary([new("file", $"f{i}.pdf"), new("size", "12")]) : EventPropsDictionary.Empty,
        }).ToArray();

        await store.AppendAsync([sparse, negative], CancellationToken.None);
        await store.AppendAsync(many, CancellationToken.None);

        Assert.Equal(sparse, await store.GetAsync(sparse.Id, CancellationToken.None));
        Assert.Equal(negative, await store.GetAsync(negative.Id, CancellationToken.None));
        Assert.Equal(many[777], await store.GetAsync(many[777].Id, CancellationToken.None));
    }

    [Fact]
    public async Task Aggregates_count_unique_visitors_and_leave_events_without_one_out_of_that_count()
    {
        var store = await ReadyStoreAsync();
        var day = Utc(2026, 3, 18);
        await store.AppendAsync(
        [
            Event(day.AddHours(1)) with { VisitorId = 1 },
            Event(day.AddHours(2)) with { VisitorId = 1 },
            Event(day.AddHours(3)) with { VisitorId = 2 },
            Event(day.AddHours(4)) with { VisitorId = null },
            Event(day.AddHours(5), "/b") with { VisitorId = 1 },
        ], CancellationToken.None);

        var rows = await store.AggregateAsync(Query("1 day", day, day.AddDays(1)), CancellationToken.None);

        Assert.Collection(
            rows,
            a => Assert.Equal(("/a", 4L, 2L), (a.Page, a.Count, a.Visitors)),
            b => Assert.Equal(("/b", 1L, 1L), (b.Page, b.Count, b.Visitors)));
        Assert.All(rows, r => Assert.Equal((null, null, null), (r.Browser, r.DeviceType, r.ReferrerSource)));
    }

    [Fact]
    public async Task Group_by_adds_the_derived_fields_to_each_row_in_byte_order()
    {
        var store = await ReadyStoreAsync();
        var day = Utc(2026, 3, 18);
        await store.AppendAsync(
        [
            Event(day.AddHours(1)) with { Browser = "Safari", DeviceType = "mobile", ReferrerSource = "search", VisitorId = 1 },
            Event(day.AddHours(2)) with { Browser = "Safari", DeviceType = "mobile", ReferrerSource = "search", VisitorId = 2 },
            Event(day.AddHours(3)) with { Browser = "Safari", DeviceType = "desktop", ReferrerSource = "social", VisitorId = 3 },
            Event(day.AddHours(4)) with { Browser = "Chrome", DeviceType = "mobile", ReferrerSource = "search", VisitorId = 4 },
        ], CancellationToken.None);
        var query = Query("1 day", day, day.AddDays(1));

        var byBrowser = await store.AggregateAsync(query with { GroupBy = [AggregateDimension.Browser] }, CancellationToken.None);
        var byAll = await store.AggregateAsync(query with { GroupBy = AggregateDimension.All }, CancellationToken.None);

        Assert.Equal([("Chrome", 1L), ("Safari", 3L)], byBrowser.Select(r => (r.Browser, r.Count)));
        Assert.All(byBrowser, r => Assert.Equal((null, null), (r.DeviceType, r.ReferrerSource)));
        Assert.Equal(
            [("Chrome", "mobile", "search", 1L, 1L), ("Safari", "desktop", "social", 1L, 1L), ("Safari", "mobile", "search", 2L, 2L)],
            byAll.Select(r => (r.Browser, r.DeviceType, r.ReferrerSource, r.Count, r.Visitors)));
    }

    [Fact]
    public async Task Filters_keep_only_events_with_one_of_the_given_values_of_each_field()
    {
        var store = await ReadyStoreAsync();
        var day = Utc(2026, 3, 18);
        await store.AppendAsync(
        [
            Event(day.AddHours(1)) with { Browser = "Safari", DeviceType = "mobile", ReferrerSource = "search" },
            Event(day.AddHours(2)) with { Browser = "Firefox", DeviceType = "mobile", ReferrerSource = "social" },
            Event(day.AddHours(3)) with { Browser = "Chrome", DeviceType = "desktop", ReferrerSource = "search" },
            Event(day.AddHours(4)) with { Browser = "Chrome", DeviceType = "mobile", ReferrerSource = "email" },
        ], CancellationToken.None);
        var query = Query("1 day", day, day.AddDays(1));

        async Task<long> CountAsync(Dictionary<AggregateDimension, IReadOnlyList<string>> filters) =>
            (await store.AggregateAsync(query with { Filters = filters }, CancellationToken.None)).Sum(r => r.Count);

        Assert.Equal(3, await CountAsync(new() { [AggregateDimension.DeviceType] = ["mobile"] }));
        Assert.Equal(3, await CountAsync(new() { [AggregateDimension.Browser] = ["Chrome", "Safari"] }));
        Assert.Equal(1, await CountAsync(new() { [AggregateDimension.Browser] = ["Chrome"], [AggregateDimension.ReferrerSource] = ["search"] }));
        Assert.Equal(0, await CountAsync(new() { [AggregateDimension.DeviceType] = ["tv"] }));
    }

    [Fact]
    public async Task Recent_sessions_are_each_visitors_latest_page_view_with_a_session_since_the_given_instant()
    {
        var store = await ReadyStoreAsync();
        await store.AppendAsync(
        [
            Event(Now.AddMinutes(-50)) with { VisitorId = 1, SessionId = "old" },
            Event(Now.AddMinutes(-20)) with { VisitorId = 1, SessionId = "a" },
            Event(Now.AddMinutes(-10)) with { VisitorId = 1, SessionId = "b" },
            Event(Now.AddMinutes(-40)) with { VisitorId = 2, SessionId = "gone" },
            Event(Now.AddMinutes(-5)) with { VisitorId = 3, SessionId = null },
            Event(Now.AddMinutes(-5)) with { VisitorId = null, SessionId = "nobody" },
            Event(Now.AddMinutes(-1)) with { VisitorId = -4, SessionId = "c" },
        ], CancellationToken.None);

        var sessions = await store.GetRecentSessionsAsync(Now.AddMinutes(-30), CancellationToken.None);

        Assert.Equal(
            [new VisitorSession(-4, "c", Now.AddMinutes(-1)), new VisitorSession(1, "b", Now.AddMinutes(-10))],
            sessions.OrderBy(s => s.VisitorId));
    }

    [Fact]
    public async Task A_day_has_one_salt_that_every_instance_on_the_store_shares()
    {
        var first = await ReadyStoreAsync();
        var second = await ReadyStoreAsync();
        var today = DateOnly.FromDateTime(Now.UtcDateTime);

        var fromFirst = await first.GetVisitorSaltsAsync(today, today.AddDays(1), CancellationToken.None);
        var fromSecond = await second.GetVisitorSaltsAsync(today, today.AddDays(1), CancellationToken.None);

        Assert.Equal(2, fromFirst.Count);
        Assert.All(fromFirst.Values, salt => Assert.Equal(32, salt.Length));
        Assert.NotEqual(fromFirst[today], fromFirst[today.AddDays(1)]);
        Assert.Equal(fromFirst[today], fromSecond[today]);
        Assert.Equal(fromFirst[today.AddDays(1)], fromSecond[today.AddDays(1)]);
    }

    [Fact]
    public async Task A_process_started_just_after_midnight_has_yesterdays_salt_to_continue_the_sessions_open_at_midnight()
    {
        Clock.SetUtcNow(Utc(2026, 3, 20, 23, 50));
        var before = new VisitorSalts();
        await before.RefreshAsync(await ReadyStoreAsync(), Clock.GetUtcNow(), CancellationToken.None);
        Assert.True(before.TryGet(new DateOnly(2026, 3, 20), out var yesterdaysSalt));
        var expected = yesterdaysSalt.ToArray();

        // The restart: a new process, a new store object and an empty salt cache, ten minutes into the new day.
        Clock.SetUtcNow(Utc(2026, 3, 21, 0, 5));
        var after = new VisitorSalts();
        await after.RefreshAsync(await ReadyStoreAsync(), Clock.GetUtcNow(), CancellationToken.None);

        Assert.True(after.TryGet(new DateOnly(2026, 3, 20), out var reloaded));
        Assert.Equal(expected, reloaded.ToArray());
        Assert.True(after.HasTodayAndTomorrow(Clock.GetUtcNow()));
    }

    [Fact]
    public async Task A_salt_is_deleted_once_its_day_is_more_than_a_day_past_and_never_made_again()
    {
        var store = await ReadyStoreAsync();
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var salt = (await store.GetVisitorSaltsAsync(today, today, CancellationToken.None))[today];

        Clock.Advance(TimeSpan.FromDays(1));
        await store.RunMaintenanceAsync(CancellationToken.None);
        var yesterday = await store.GetVisitorSaltsAsync(today, today, CancellationToken.None);
        Clock.Advance(TimeSpan.FromDays(1));
        await store.RunMaintenanceAsync(CancellationToken.None);

        Assert.Equal(salt, yesterday[today]);
        Assert.Empty(await store.GetVisitorSaltsAsync(today, today, CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_id_reads_as_null()
    {
        var store = await ReadyStoreAsync();

        Assert.Null(await store.GetAsync(Guid.CreateVersion7(), CancellationToken.None));
    }

    [Fact]
    public async Task A_batch_that_fails_stores_nothing()
    {
        var store = await ReadyStoreAsync();
        var good = Event(Now.AddMinutes(-3));

        // A negative duration passes no validation of ours; the store's own check refuses it.
        await Assert.ThrowsAsync<EventRejectedException>(() => store.AppendAsync([good, Event(Now) with { Duration = -1 }], CancellationToken.None));

        Assert.Null(await store.GetAsync(good.Id, CancellationToken.None));
    }

    [Fact]
    public async Task The_same_id_is_stored_once_within_a_batch_and_across_batches()
    {
        var store = await ReadyStoreAsync();
        var first = Event(Now.AddMinutes(-3), "/first");
        var retry = first with { Time = Now.AddMinutes(-1), Page = "/retry" };
        var other = Event(Now.AddMinutes(-2), "/other");

        await store.AppendAsync([first, first], CancellationToken.None);
        await store.AppendAsync([retry, other], CancellationToken.None);

        Assert.Equal(first, await store.GetAsync(first.Id, CancellationToken.None));
        Assert.Equal(other, await store.GetAsync(other.Id, CancellationToken.None));
        var rows = await store.AggregateAsync(Query("1 day", Now.AddDays(-1), Now.AddDays(1)), CancellationToken.None);
        Assert.Equal(2, rows.Sum(r => r.Count));
    }

    [Fact]
    public async Task Events_with_ids_the_server_assigned_are_recorded_so_a_client_sending_one_back_is_stored_once()
    {
        var store = await ReadyStoreAsync();
        var fresh = Enumerable.Range(0, 1500).Select(i => Event(Now.AddSeconds(-i), "/fresh") with { IdAssignedByServer = true }).ToArray();
        var client = Enumerable.Range(0, 20).Select(i => Event(Now.AddSeconds(-i), "/client")).ToArray();

        await store.AppendAsync([.. fresh, .. client, client[0]], CancellationToken.None);
        await store.AppendAsync([.. fresh.Take(1200).Select(e => e with { IdAssignedByServer = false, Time = Now }), .. client.Select(e => e with { Time = Now })], CancellationToken.None);
        await store.AppendAsync([fresh[1300] with { IdAssignedByServer = false, Time = Now }], CancellationToken.None);

        var rows = await store.AggregateAsync(Query("1 day", Now.AddDays(-1), Now.AddDays(1)), CancellationToken.None);
        Assert.Equal([("/client", 20L), ("/fresh", 1500L)], rows.GroupBy(r => r.Page).Select(g => (g.Key, g.Sum(r => r.Count))));
        Assert.Equal(fresh[5] with { IdAssignedByServer = false }, await store.GetAsync(fresh[5].Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_large_batch_is_stored_whole_and_still_deduplicated()
    {
        var store = await ReadyStoreAsync();
        var earlier = Enumerable.Range(0, 10).Select(i => Event(Now.AddMinutes(-30 + i), "/early")).ToArray();
        await store.AppendAsync(earlier, CancellationToken.None);
        var large = Enumerable.Range(0, 1500).Select(i => Event(Now.AddSeconds(-i), $"/p{i % 7}", i % 2 == 0 ? Windows : MacOS, i % 60)).ToList();
        large.AddRange(earlier.Select(e => e with { Time = Now }));

        await store.AppendAsync(large, CancellationToken.None);

        var rows = await store.AggregateAsync(Query("1 day", Now.AddDays(-1), Now.AddDays(1)), CancellationToken.None);
        Assert.Equal(1510, rows.Sum(r => r.Count));
        Assert.Equal(large[777], await store.GetAsync(large[777].Id, CancellationToken.None));
    }

    [Fact]
    public async Task Aggregates_count_and_average_per_bucket_page_and_os_in_order()
    {
        var store = await ReadyStoreAsync();
        var day1 = Utc(2026, 3, 18);
        var day2 = Utc(2026, 3, 19);
        await store.AppendAsync(
        [
            Event(day1.AddHours(1), "/b", Windows, 10),
            Event(day1.AddHours(2), "/b", Windows, 20),
            Event(day1.AddHours(3), "/b", Windows),
            Event(day1.AddHours(4), "/a", MacOS, 5),
            Event(day2.AddHours(5), "/a", Windows),
            Event(day2.AddHours(6), "/a", MacOS, 7),
        ], CancellationToken.None);

        var rows = await store.AggregateAsync(Query("1 day", day1, day2.AddDays(1)), CancellationToken.None);

        Assert.Equal(
        [
            (day1, "/a", MacOS, (double?)5, 1L),
            (day1, "/b", Windows, 15, 3),
            (day2, "/a", Windows, null, 1), // ordinal order: "Windows" < "macOS"
            (day2, "/a", MacOS, 7, 1),
        ], rows.Select(r => (r.Bucket, r.Page, r.OperatingSystem, r.AvgDuration, r.Count)));
    }

    [Fact]
    public async Task The_pages_filter_keeps_only_those_pages_and_none_means_all()
    {
        var store = await ReadyStoreAsync();
        var day = Utc(2026, 3, 18);
        await store.AppendAsync([Event(day, "/a"), Event(day, "/b"), Event(day, "/c")], CancellationToken.None);

        var filtered = await store.AggregateAsync(Query("1 day", day, day.AddDays(1), "/a", "/c"), CancellationToken.None);
        var all = await store.AggregateAsync(Query("1 day", day, day.AddDays(1)), CancellationToken.None);

        Assert.Equal(["/a", "/c"], filtered.Select(r => r.Page));
        Assert.Equal(["/a", "/b", "/c"], all.Select(r => r.Page));
    }

    [Fact]
    public async Task From_is_inclusive_and_to_is_exclusive()
    {
        var store = await ReadyStoreAsync();
        var from = Utc(2026, 3, 18, 10);
        var to = Utc(2026, 3, 18, 11);
        await store.AppendAsync([Event(from.AddTicks(-10)), Event(from), Event(to.AddTicks(-10)), Event(to)], CancellationToken.None);

        var rows = await store.AggregateAsync(Query("1 day", from, to), CancellationToken.None);

        Assert.Equal(2, Assert.Single(rows).Count);
    }

    [Theory]
    [InlineData("15 minutes", "2026-03-18T10:14:00Z", "2026-03-18T10:00:00+00:00")]
    [InlineData("15 minutes", "2026-03-18T10:15:00Z", "2026-03-18T10:15:00+00:00")]
    [InlineData("1 hour", "2026-03-18T10:59:59Z", "2026-03-18T10:00:00+00:00")]
    [InlineData("6 hours", "2026-03-18T17:00:00Z", "2026-03-18T12:00:00+00:00")]
    [InlineData("1 day", "2026-03-18T23:59:00Z", "2026-03-18T00:00:00+00:00")]
    [InlineData("1 week", "2026-03-18T10:00:00Z", "2026-03-16T00:00:00+00:00")]
    [InlineData("1 month", "2026-03-18T10:00:00Z", "2026-03-01T00:00:00+00:00")]
    [InlineData("3 months", "2026-03-18T10:00:00Z", "2026-01-01T00:00:00+00:00")]
    public async Task Buckets_start_where_the_width_says_in_utc(string width, string eventTime, string bucket)
    {
        var store = await ReadyStoreAsync();
        var time = DateTimeOffset.Parse(eventTime, System.Globalization.CultureInfo.InvariantCulture);
        await store.AppendAsync([Event(time)], CancellationToken.None);

        var rows = await store.AggregateAsync(Query(width, time.AddDays(-1), time.AddDays(1)), CancellationToken.None);

        var row = Assert.Single(rows);
        Assert.Equal(DateTimeOffset.Parse(bucket, System.Globalization.CultureInfo.InvariantCulture), row.Bucket);
        Assert.Equal(TimeSpan.Zero, row.Bucket.Offset);
    }

    [Fact]
    public async Task Day_buckets_follow_local_midnight_across_a_dst_change()
    {
        // Berlin springs forward on 2026-03-29 at 02:00 local (01:00 UTC): that day has 23 hours.
        var store = await ReadyStoreAsync(new AnalyticsOptions { TimeZone = "Europe/Berlin", Retention = TimeSpan.FromDays(400) });
        await store.AppendAsync(
        [
            Event(Utc(2026, 3, 28, 23, 30)), // 00:30 on the 29th, CET
            Event(Utc(2026, 3, 29, 21, 59)), // 23:59 on the 29th, CEST
            Event(Utc(2026, 3, 29, 22, 0)),  // 00:00 on the 30th, CEST
        ], CancellationToken.None);

        var rows = await store.AggregateAsync(Query("1 day", Utc(2026, 3, 27), Utc(2026, 4, 1)), CancellationToken.None);

        Assert.Equal(
        [
            (new DateTimeOffset(2026, 3, 29, 0, 0, 0, TimeSpan.FromHours(1)), 2L),
            (new DateTimeOffset(2026, 3, 30, 0, 0, 0, TimeSpan.FromHours(2)), 1L),
        ], rows.Select(r => (r.Bucket, r.Count)));
        Assert.Equal(TimeSpan.FromHours(1), rows[0].Bucket.Offset);
        Assert.Equal(TimeSpan.FromHours(2), rows[1].Bucket.Offset);
    }

    [Fact]
    public async Task Hour_buckets_keep_the_repeated_hour_of_a_fall_back_apart()
    {
        // Berlin falls back on 2026-10-25 at 03:00 CEST -> 02:00 CET: local 02:xx happens twice.
        var store = await ReadyStoreAsync(new AnalyticsOptions { TimeZone = "Europe/Berlin", Retention = TimeSpan.FromDays(400) });
        Clock.SetUtcNow(Utc(2026, 10, 26));
        await store.RunMaintenanceAsync(CancellationToken.None);
        await store.AppendAsync(
        [
            Event(Utc(2026, 10, 25, 0, 30)), // 02:30 CEST
            Event(Utc(2026, 10, 25, 1, 30)), // 02:30 CET
        ], CancellationToken.None);

        var rows = await store.AggregateAsync(Query("1 hour", Utc(2026, 10, 24), Utc(2026, 10, 26)), CancellationToken.None);

        Assert.Equal(
        [
            new DateTimeOffset(2026, 10, 25, 2, 0, 0, TimeSpan.FromHours(2)),
            new DateTimeOffset(2026, 10, 25, 2, 0, 0, TimeSpan.FromHours(1)),
        ], rows.Select(r => r.Bucket));
    }

    [Fact]
    public async Task Week_and_month_buckets_align_on_local_midnight_in_a_non_utc_zone()
    {
        var store = await ReadyStoreAsync(new AnalyticsOptions { TimeZone = "America/New_York" });
        var event1 = new DateTimeOffset(2026, 3, 1, 0, 30, 0, TimeSpan.FromHours(-5)); // Sunday, local
        await store.AppendAsync([Event(event1)], CancellationToken.None);

        var week = Assert.Single(await store.AggregateAsync(Query("1 week", event1.AddDays(-8), event1.AddDays(1)), CancellationToken.None));
        var month = Assert.Single(await store.AggregateAsync(Query("1 month", event1.AddDays(-8), event1.AddDays(1)), CancellationToken.None));

        Assert.Equal(new DateTimeOffset(2026, 2, 23, 0, 0, 0, TimeSpan.FromHours(-5)), week.Bucket);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(-5)), month.Bucket);
        Assert.Equal(TimeSpan.FromHours(-5), month.Bucket.Offset);
    }

    [Fact]
    public async Task Maintenance_removes_events_older_than_the_retention()
    {
        var store = await ReadyStoreAsync(new AnalyticsOptions { Retention = TimeSpan.FromDays(10) });
        var old = Event(Now.AddDays(-9));
        var recent = Event(Now.AddDays(-1));
        await store.AppendAsync([old, recent], CancellationToken.None);

        Clock.Advance(TimeSpan.FromDays(3));
        await store.RunMaintenanceAsync(CancellationToken.None);

        Assert.Null(await store.GetAsync(old.Id, CancellationToken.None));
        Assert.NotNull(await store.GetAsync(recent.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Reopening_an_existing_database_keeps_its_events()
    {
        var first = await ReadyStoreAsync();
        var stored = Event(Now.AddMinutes(-1));
        await first.AppendAsync([stored], CancellationToken.None);
        if (first is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        var second = await ReadyStoreAsync();

        Assert.Equal(stored, await second.GetAsync(stored.Id, CancellationToken.None));
    }
}
