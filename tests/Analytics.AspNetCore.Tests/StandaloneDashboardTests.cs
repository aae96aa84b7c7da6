using System.Net;
using System.Text.Json;
using Analytics.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Analytics.AspNetCore.Tests;

/// <summary>
/// The standalone host's dashboard at <c>/</c>, local requests only, and the sites list its switcher reads
/// (<c>GET /api/v2/sites</c>). The browser behaviour is tested in Analytics.Browser.Tests (DashboardTests).
/// </summary>
public sealed class StandaloneDashboardTests(StatsApiFixture fixture) : IClassFixture<StatsApiFixture>
{
    [Fact]
    public async Task Sites_lists_the_configured_sites_in_domain_order_with_their_time_zones()
    {
        using var response = await fixture.CreateClient().GetAsync(new Uri("/api/v2/sites", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            """{"sites":[{"domain":"shop.test","time_zone":"Europe/Berlin"},{"domain":"utc.test","time_zone":"UTC"}],"restricted":true}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_dashboard_at_the_root_answers_a_loopback_request_with_the_page_and_its_csp()
    {
        var context = await fixture.Factory.Server.SendAsync(http =>
        {
            http.Request.Method = HttpMethods.Get;
            http.Request.Path = "/";
            http.Connection.RemoteIpAddress = IPAddress.IPv6Loopback;
        });

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.StartsWith("text/html", context.Response.ContentType, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", context.Response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        var html = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.Matches("<script defer src=\"/dashboard.js\\?v=[0-9a-f]{16}\"></script>", html);
        Assert.Contains("data-api-base=\"\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("203.0.113.9")]
    [InlineData(null)]
    public async Task The_dashboard_refuses_a_request_from_elsewhere_with_403_saying_how_to_open_it(string? remote)
    {
        var context = await fixture.Factory.Server.SendAsync(http =>
        {
            http.Request.Method = HttpMethods.Get;
            http.Request.Path = "/";
            http.Connection.RemoteIpAddress = remote is null ? null : IPAddress.Parse(remote);
        });

        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(await new StreamReader(context.Response.Body).ReadToEndAsync());
        Assert.Contains("RequireAuthorization", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
