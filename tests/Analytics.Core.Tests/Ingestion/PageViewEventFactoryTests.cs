using System.Net;
using Analytics.Events;
using Analytics.Ingestion;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Analytics.Core.Tests.Ingestion;

public sealed class PageViewEventFactoryTests
{
    private const string WindowsChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private static readonly DateTimeOffset Now = new(2026, 3, 3, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly PageViewEventFactory _factory;

    public PageViewEventFactoryTests()
    {
        _factory = new PageViewEventFactory(_clock, new StaticOptionsMonitor(new AnalyticsOptions()));
    }

    [Fact]
    public void The_server_assigns_a_version_7_id_and_the_time_of_arrival()
    {
        var errors = new ValidationErrors();
        var created = _factory.Create(new PageViewInput { Page = "/a" }, null, null, errors);

        Assert.NotNull(created);
        Assert.Equal(7, created.Id.Version);
        Assert.Equal(Now, created.Time);
    }

    [Fact]
    public void Missing_user_agent_and_ip_come_from_the_request()
    {
        var errors = new ValidationErrors();
        var created = _factory.Create(new PageViewInput { Page = "/a" }, WindowsChrome, IPAddress.Parse("::ffff:10.1.2.3"), errors);

        Assert.Equal(WindowsChrome, created!.UserAgent);
        Assert.Equal("10.1.2.0", created.IpAddress);
        Assert.Equal("Windows", created.OperatingSystem);
    }

    [Fact]
    public void Client_values_win_over_the_request()
    {
        var errors = new ValidationErrors();
        var created = _factory.Create(
            new PageViewInput { Page = "/a", UserAgent = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2)", IpAddress = "192.168.0.1" },
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
        var created = _factory.Create(new PageViewInput { Page = "/a" }, new string('a', 5000), null, errors);

        Assert.Equal(PageViewLimits.MaxUserAgentLength, created!.UserAgent!.Length);
    }

    [Fact]
    public void Backfilled_timestamps_within_the_retention_are_kept()
    {
        var errors = new ValidationErrors();
        var created = _factory.Create(new PageViewInput { Page = "/a", Timestamp = Now.AddDays(-89) }, null, null, errors);

        Assert.Equal(Now.AddDays(-89), created!.Time);
    }

    [Theory]
    [InlineData(6 * 60)]
    [InlineData(-91 * 24 * 3600)]
    public void Timestamps_in_the_future_or_past_the_retention_are_refused(int offsetSeconds)
    {
        var errors = new ValidationErrors();
        var created = _factory.Create(new PageViewInput { Page = "/a", Timestamp = Now.AddSeconds(offsetSeconds) }, null, null, errors);

        Assert.Null(created);
        Assert.True(errors.Contains("timestamp"));
    }

    [Fact]
    public void A_small_clock_skew_is_tolerated()
    {
        var errors = new ValidationErrors();
        var created = _factory.Create(new PageViewInput { Page = "/a", Timestamp = Now.AddMinutes(4) }, null, null, errors);

        Assert.NotNull(created);
    }

    [Theory]
    [InlineData(IpAddressStorage.Anonymized, "198.51.100.77", "198.51.100.0")]
    [InlineData(IpAddressStorage.Anonymized, "2001:db8:abcd:1234:5678::1", "2001:db8:abcd::")]
    [InlineData(IpAddressStorage.Full, "198.51.100.77", "198.51.100.77")]
    [InlineData(IpAddressStorage.None, "198.51.100.77", null)]
    public void The_ip_is_stored_only_as_far_as_the_option_allows(IpAddressStorage storage, string sent, string? stored)
    {
        var factory = new PageViewEventFactory(_clock, new StaticOptionsMonitor(new AnalyticsOptions { IpAddressStorage = storage }));
        var errors = new ValidationErrors();

        var fromBody = factory.Create(new PageViewInput { Page = "/a", IpAddress = sent }, null, null, errors);
        var fromConnection = factory.Create(new PageViewInput { Page = "/a" }, null, IPAddress.Parse(sent), errors);

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
