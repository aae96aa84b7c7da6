using System.Security.Claims;
using System.Text.Encodings.Web;
using Analytics.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Analytics.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A host built the way an application embeds the library (<c>WebApplication.CreateBuilder</c>, its own
/// <c>AddAnalytics</c> and <c>MapAnalyticsEndpoints</c> calls), served in memory by a TestServer.
/// </summary>
internal static class MinimalHost
{
    /// <summary>A builder whose Analytics section points at <paramref name="schema"/>.</summary>
    public static WebApplicationBuilder CreateBuilder(TestSchema schema)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Analytics:ConnectionString"] = schema.ConnectionString,
            ["Analytics:Schema"] = schema.Name,
        });
        return builder;
    }
}

/// <summary>Authenticates requests that carry <c>Authorization: Test</c>; all others are anonymous.</summary>
internal sealed class TestAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "Test";

    public TestAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : base(options, logger, encoder)
    {
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!string.Equals(Request.Headers.Authorization.ToString(), SchemeName, StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "tester")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
