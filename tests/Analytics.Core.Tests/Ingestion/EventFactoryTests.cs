using System.Net;
using Analytics.Enrichment;
using Analytics.Events;
using Analytics.Ingestion;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Analytics.Core.Tests.Ingestion;

public sealed class EventFactoryTests
{
    private const string WindowsChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private static readonly DateTimeOffset Now = new(2026, 3, 3, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly VisitorSalts _salts = new();
    private readonly EventFactory _factory;

    public EventFactoryTests()
    {
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        _salts.Use(new Dictionary<DateOnly, byte[]> { [today] = new byte[32], [today.AddDays(1)] = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray() }, Now);
        _factory = Factory(new AnalyticsOptions());
    }

    private EventFactory Factory(AnalyticsOptions options) =>
        new(_clock, new StaticOptionsMonitor(options), _salts, new SessionTracker(Options.Create(options), _clock), new Analytics.Sites.SiteCatalog(options));

    private AnalyticsEvent Create(EventInput input, string? userAgent = WindowsChrome, string? address = "203.0.113.9", string? origin = null, EventFactory? factory = null)
    {
        var errors = new ValidationErrors();
        var created = (factory ?? _factory).Create(input, userAgent, address is null ? null : IPAddress.Parse(address), errors, requestOrigin: origin);
        Assert.True(errors.IsEmpty, errors.ToString());
        return created!;
    }

    [Fact]
    public void A_full_page_url_gives_the_site_host_and_a_path_without_query_or_fragment_and_its_utm_parameters()
    {
        var created = Create(new EventInput { Page = "https://www.Shop.test/pricing?utm_source=news&utm_medium=email&utm_campaign=spring&x=1#plans" });

        Assert.Equal(("shop.test", "/pricing"), (created.Hostname, created.Page));
        Assert.Equal(("news", "email", "spring", null, null), (created.UtmSource, created.UtmMedium, created.UtmCampaign, created.UtmTerm, created.UtmContent));
        Assert.Equal(TrafficSources.Email, created.ReferrerSource);
    }

    [Fact]
    public void The_site_is_the_field_else_the_page_host_else_the_origin_else_the_default_site()
    {
        var named = Create(new EventInput { Page = "https://shop.test/", Site = "WWW.Blog.Test" });
        var fromPage = Create(new EventInput { Page = "https://www.shop.test/pricing" });
        var fromOrigin = Create(new EventInput { Page = "/pricing" }, origin: "https://www.app.test:8443");
        var fallback = Create(new EventInput { Page = "/pricing" });
        var custom = Create(new EventInput { Page = "/pricing", Name = "Signup", Interactive = false, Props = new Dictionary<string, string> { ["plan"] = "pro" } });

        Assert.Equal(["blog.test", "shop.test", "app.test", "default"], [named.Site, fromPage.Site, fromOrigin.Site, fallback.Site]);
        Assert.Equal((EventNames.Pageview, true, 0), (fallback.Name, fallback.Interactive, fallback.Props.Count));
        Assert.Equal(("Signup", false, "pro"), (custom.Name, custom.Interactive, custom.Props["plan"]));
    }

    [Fact]
    public void With_sites_listed_an_event_for_another_site_is_refused_naming_the_field()
    {
        var options = new AnalyticsOptions { DefaultSite = "shop.test" };
        options.Sites.Add(new SiteOptions { Domain = "shop.test" });
        var factory = Factory(options);

        var errors = new ValidationErrors();
        Assert.Null(factory.Create(new EventInput { Page = "https://elsewhere.test/" }, WindowsChrome, null, errors));
        Assert.True(errors.Contains("site"), errors.ToString());
        Assert.Equal("shop.test", Create(new EventInput { Page = "/" }, factory: factory).Site);
        var bad = new ValidationErrors();
        Assert.Null(factory.Create(new EventInput { Page = "/", Site = "not a site/" }, WindowsChrome, null, bad));
        Assert.True(bad.Contains("site"), bad.ToString());
    }

    [Fact]
    public void The_visitor_hash_is_keyed_on_the_site_so_one_person_is_two_visitors_on_two_sites()
    {
        var onShop = Create(new EventInput { Page = "/", Site = "shop.test" });
        var onBlog = Create(new EventInput { Page = "/", Site = "blog.test" });

        Assert.NotEqual(onShop.VisitorId, onBlog.VisitorId);
    }

    [Fact]
    public void Query_and_fragment_are_kept_when_configured()
    {
        var factory = Factory(new AnalyticsOptions { KeepPageQuery = true, KeepPageFragment = true });

        var created = Create(new EventInput { Page = "https://shop.test/search?q=shoes#top" }, factory: factory);

        Assert.Equal("/search?q=shoes#top", created.Page);
    }

    [Fact]
    public void A_path_takes_the_site_host_from_the_origin_header()
    {
        var created = Create(new EventInput { Page = "/pricing", Referrer = "https://www.shop.test/" }, origin: "https://shop.test");
        var withoutOrigin = Create(new EventInput { Page = "/pricing" }, origin: "null");

        Assert.Equal(("shop.test", "/pricing"), (created.Hostname, created.Page));
        Assert.Equal(("shop.test", TrafficSources.Direct), (created.ReferrerHost, created.ReferrerSource));
        Assert.Null(withoutOrigin.Hostname);
    }

    [Theory]
    [InlineData(null, null, "direct")]
    [InlineData("https://www.google.co.uk/search?q=x", "google.co.uk", "search")]
    [InlineData("https://t.co/abc", "t.co", "social")]
    [InlineData("https://blog.example.org/post", "blog.example.org", "referral")]
    public void The_referrer_gives_its_host_and_source(string? referrer, string? host, string source)
    {
        var created = Create(new EventInput { Page = "https://shop.test/", Referrer = referrer });

        Assert.Equal((host, source), (created.ReferrerHost, created.ReferrerSource));
        Assert.Equal(referrer, created.Referrer);
    }

    [Fact]
    public void The_visitor_is_hashed_from_the_full_address_before_it_is_anonymized()
    {
        var first = Create(new EventInput { Page = "https://shop.test/" }, address: "203.0.113.9");
        var neighbour = Create(new EventInput { Page = "https://shop.test/" }, address: "203.0.113.10");
        var again = Create(new EventInput { Page = "https://shop.test/other" }, address: "203.0.113.9");

        Assert.Equal(first.IpAddress, neighbour.IpAddress);
        Assert.NotEqual(first.VisitorId, neighbour.VisitorId);
        Assert.Equal(first.VisitorId, again.VisitorId);
        Assert.Equal(VisitorHasher.Hash(new byte[32], "shop.test", IPAddress.Parse("203.0.113.9"), WindowsChrome), first.VisitorId);
    }

    [Fact]
    public void The_salt_is_the_day_of_arrival_and_without_one_the_event_is_kept_without_a_visitor()
    {
        var today = Create(new EventInput { Page = "/a" });
        _clock.Advance(TimeSpan.FromDays(1));
        var tomorrow = Create(new EventInput { Page = "/a", Timestamp = Now });
        _clock.Advance(TimeSpan.FromDays(1));
        var unsalted = Create(new EventInput { Page = "/a" });

        Assert.NotNull(today.VisitorId);
        Assert.NotNull(tomorrow.VisitorId);
        Assert.NotEqual(today.VisitorId, tomorrow.VisitorId);
        Assert.Null(unsalted.VisitorId);
        Assert.Null(unsalted.SessionId);
    }

    [Fact]
    public void A_session_begun_before_midnight_goes_on_after_it_under_yesterdays_visitor()
    {
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        _clock.SetUtcNow(new DateTimeOffset(today.ToDateTime(new TimeOnly(23, 50)), TimeSpan.Zero));
        var before = Create(new EventInput { Page = "/a" });
        _clock.Advance(TimeSpan.FromMinutes(20));
        var after = Create(new EventInput { Page = "/b" });
        var other = Create(new EventInput { Page = "/b" }, address: "198.51.100.200");
        _clock.Advance(TimeSpan.FromMinutes(40));
        var later = Create(new EventInput { Page = "/c" });

        Assert.Equal((before.VisitorId, before.SessionId), (after.VisitorId, after.SessionId));
        Assert.Equal(other.Id.ToString("N"), other.SessionId);
        Assert.NotEqual(before.VisitorId, later.VisitorId);
        Assert.Equal(later.Id.ToString("N"), later.SessionId);
    }

    [Fact]
    public void Without_a_client_session_one_is_derived_from_the_visitor_and_a_30_minute_gap()
    {
        var first = Create(new EventInput { Page = "/a" });
        _clock.Advance(TimeSpan.FromMinutes(10));
        var second = Create(new EventInput { Page = "/b" });
        _clock.Advance(TimeSpan.FromMinutes(40));
        var third = Create(new EventInput { Page = "/c" });
        var own = Create(new EventInput { Page = "/d", SessionId = "client-session" });

        Assert.Equal(first.Id.ToString("N"), first.SessionId);
        Assert.Equal(first.SessionId, second.SessionId);
        Assert.Equal(third.Id.ToString("N"), third.SessionId);
        Assert.Equal("client-session", own.SessionId);
    }

    [Fact]
    public void An_engagement_event_continues_the_visitors_open_session_is_never_interactive_and_keeps_its_measures()
    {
        var view = Create(new EventInput { Page = "https://shop.test/read", ScrollDepth = 10, EngagementTime = 5 });
        _clock.Advance(TimeSpan.FromMinutes(2));
        var engagement = Create(new EventInput { Page = "https://shop.test/read", Name = EventNames.Engagement, Interactive = true, ScrollDepth = 80, EngagementTime = 120_000 });

        Assert.Equal((null, null), (view.ScrollDepth, view.EngagementTime));
        Assert.Equal(view.SessionId, engagement.SessionId);
        Assert.Equal(((short?)80, (long?)120_000, false), (engagement.ScrollDepth, engagement.EngagementTime, engagement.Interactive));
    }

    [Fact]
    public void An_engagement_event_with_no_open_session_is_dropped_without_an_error_and_opens_none()
    {
        var errors = new ValidationErrors();
        var engagement = new EventInput { Page = "https://shop.test/read", Name = EventNames.Engagement, ScrollDepth = 50 };

        var created = _factory.Create(engagement, WindowsChrome, IPAddress.Parse("198.51.100.7"), errors, out var dropped);
        var view = Create(new EventInput { Page = "https://shop.test/read" }, address: "198.51.100.7");

        Assert.Null(created);
        Assert.True(dropped);
        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal(view.Id.ToString("N"), view.SessionId);
    }

    [Fact]
    public void Hash_mode_keeps_the_fragment_of_one_event()
    {
        var created = Create(new EventInput { Page = "https://shop.test/app?x=1#/settings", HashMode = true });

        Assert.Equal("/app#/settings", created.Page);
    }

    [Fact]
    public void The_server_assigns_a_version_7_id_and_the_time_of_arrival()
    {
        var errors = new ValidationErrors();
        var created = _factory.Create(new EventInput { Page = "/a" }, null, null, errors);

        Assert.NotNull(created);
        Assert.Equal(7, created.Id.Version);
        Assert.Equal(Now, created.Time);
    }

    [Fact]
    public void Missing_user_agent_and_ip_come_from_the_request()
    {
        var errors = new ValidationErrors();
        var created = _factory.Create(new EventInput { Page = "/a" }, WindowsChrome, IPAddress.Parse("::ffff:10.1.2.3"), errors);

        Assert.Equal(WindowsChrome, created!.UserAgent);
        Assert.Equal("10.1.2.0", created.IpAddress);
        Assert.Equal("Windows", created.OperatingSystem);
    }

    [Fact]
    public void Client_values_win_over_the_request()
    {
        var errors = new ValidationErrors();
        var created = _factory.Create(
            new EventInput { Page = "/a", UserAgent = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2)", IpAddress = "192.168.0.1" },
            WindowsChrome,
            IPAddress.Loopback,
            errors);

        Assert.Equal("macOS", created!.OperatingSystem);
        Assert.Equal("192.168.0.0", created.IpAddress);
    }

    [Fact]
    public void A_header_user_agent_over_the_bound_is_truncated_not_refused()
    {
        var errors = new ValidationErrors();
        var created = _factory.Create(new EventInput { Page = "/a" }, new string('a', 5000), null, errors);

        Assert.Equal(EventLimits.MaxUserAgentLength, created!.UserAgent!.Length);
    }

    [Fact]
    public void Backfilled_timestamps_within_the_retention_are_kept()
    {
        var errors = new ValidationErrors();
        var created = _factory.Create(new EventInput { Page = "/a", Timestamp = Now.AddDays(-89) }, null, null, errors);

        Assert.Equal(Now.AddDays(-89), created!.Time);
    }

    [Theory]
    [InlineData(6 * 60)]
    [InlineData(-91 * 24 * 3600)]
    public void Timestamps_in_the_future_or_past_the_retention_are_refused(int offsetSeconds)
    {
        var errors = new ValidationErrors();
        var created = _factory.Create(new EventInput { Page = "/a", Timestamp = Now.AddSeconds(offsetSeconds) }, null, null, errors);

        Assert.Null(created);
        Assert.True(errors.Contains("timestamp"));
    }

    [Fact]
    public void A_small_clock_skew_is_tolerated()
    {
        var errors = new ValidationErrors();
        var created = _factory.Create(new EventInput { Page = "/a", Timestamp = Now.AddMinutes(4) }, null, null, errors);

        Assert.NotNull(created);
    }

    [Theory]
    [InlineData(IpAddressStorage.Anonymized, "198.51.100.77", "198.51.100.0")]
    [InlineData(IpAddressStorage.Anonymized, "2001:db8:abcd:1234:5678::1", "2001:db8:abcd::")]
    [InlineData(IpAddressStorage.Full, "198.51.100.77", "198.51.100.77")]
    [InlineData(IpAddressStorage.None, "198.51.100.77", null)]
    public void The_ip_is_stored_only_as_far_as_the_option_allows(IpAddressStorage storage, string sent, string? stored)
    {
        var factory = Factory(new AnalyticsOptions { IpAddressStorage = storage });
        var errors = new ValidationErrors();

        var fromBody = factory.Create(new EventInput { Page = "/a", IpAddress = sent }, null, null, errors);
        var fromConnection = factory.Create(new EventInput { Page = "/a" }, null, IPAddress.Parse(sent), errors);

        Assert.Equal(stored, fromBody!.IpAddress);
        Assert.Equal(stored, fromConnection!.IpAddress);
    }

    private sealed class StaticOptionsMonitor(AnalyticsOptions value) : IOptionsMonitor<AnalyticsOptions>
    {
        public AnalyticsOptions CurrentValue => value;

        public AnalyticsOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<AnalyticsOptions, string?> listener) => null;
    }
}
