using System.Net;
using Analytics.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Analytics.AspNetCore.Tests;

/// <summary>
/// <c>MapAnalyticsDashboard</c> in a host of its own (in memory): a host's policy replaces the local-only rule, and
/// <c>ApiBase</c> reaches the page and its Content-Security-Policy, or is refused when it is not a path or an http(s) URL.
/// </summary>
public sealed class DashboardMappingTests
{
    private const string Remote = "203.0.113.9";

    [Fact]
    public async Task With_RequireAuthorization_the_policy_decides_for_a_remote_request()
    {
        await using var app = await StartAsync(app => app.MapAnalyticsDashboard("/analytics").RequireAuthorization());

        var anonymous = await SendAsync(app, "/analytics", Remote, authenticated: false);
        var signedIn = await SendAsync(app, "/analytics", Remote, authenticated: true);

        Assert.Equal(StatusCodes.Status401Unauthorized, anonymous.Response.StatusCode);
        Assert.Equal(StatusCodes.Status200OK, signedIn.Response.StatusCode);
        Assert.StartsWith("text/html", signedIn.Response.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_absolute_api_base_is_named_on_the_page_and_allowed_by_its_csp()
    {
        await using var app = await StartAsync(app => app.MapGroup("/admin").MapAnalyticsDashboard("/analytics", o =>
        {
            o.ApiBase = "https://api.example.test/stats/";
            o.Title = "Shop <stats>";
        }));

        var context = await SendAsync(app, "/admin/analytics/", "127.0.0.1", authenticated: false);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Contains("connect-src 'self' https://api.example.test;", context.Response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        var html = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.Contains("data-api-base=\"https://api.example.test/stats\"", html, StringComparison.Ordinal);
        Assert.Contains("<title>Shop &lt;stats&gt;</title>", html, StringComparison.Ordinal);
        Assert.Matches("<link rel=\"stylesheet\" href=\"/admin/analytics/dashboard.css\\?v=[0-9a-f]{16}\">", html);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("//elsewhere.test/stats")]
    [InlineData("stats")]
    [InlineData("https://api.example.test/stats?key=1")]
    [InlineData("ftp://api.example.test/")]
    public void An_api_base_that_is_neither_a_path_nor_an_http_url_is_refused_when_mapped(string apiBase)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        using var app = builder.Build();

        var error = Assert.Throws<ArgumentException>(() => app.MapAnalyticsDashboard("/analytics", o => o.ApiBase = apiBase));
        Assert.Contains("ApiBase", error.Message, StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(TestAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, _ => { });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        map(app);
        await app.StartAsync();
        return app;
    }

    private static Task<HttpContext> SendAsync(WebApplication app, string path, string remote, bool authenticated) =>
        app.GetTestServer().SendAsync(http =>
        {
            http.Request.Method = HttpMethods.Get;
            http.Request.Path = path;
            http.Connection.RemoteIpAddress = IPAddress.Parse(remote);
            if (authenticated)
            {
                http.Request.Headers.Authorization = TestAuthenticationHandler.SchemeName;
            }
        });
}
