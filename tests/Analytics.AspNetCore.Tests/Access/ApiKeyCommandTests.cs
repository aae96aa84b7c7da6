using System.Net;
using Analytics.AspNetCore.Tests.Infrastructure;
using Analytics.Testing;

namespace Analytics.AspNetCore.Tests.Access;

/// <summary>
/// The standalone host's key commands as a real process on the configured store: create prints the key alone on the
/// last line, list shows prefix, scope and site but never a key, revoke removes it, and the service then refuses it.
/// </summary>
public sealed class ApiKeyCommandTests : IClassFixture<SchemaFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly SchemaFixture _fixture;

    public ApiKeyCommandTests(SchemaFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Keys_are_created_listed_and_revoked_from_the_command_line_and_the_service_honours_them()
    {
        var environment = StandaloneProcess.EnvironmentFor(_fixture.Schema.ConnectionString, _fixture.Schema.Name, StandaloneProcess.FreePort());

        var siteKey = await CreateAsync(environment, "--scope", "read", "--site", "shop.test");
        var ingestKey = await CreateAsync(environment, "--scope", "ingest");
        var (listExit, listed) = await StandaloneProcess.RunCommandAsync(environment, Limit, "--list-api-keys");

        Assert.True(listExit == 0, listed);
        Assert.Contains($"{siteKey[..11]}\tread\tshop.test\t", listed, StringComparison.Ordinal);
        Assert.Contains($"{ingestKey[..11]}\tingest\t*\t", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(siteKey, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(ingestKey, listed, StringComparison.Ordinal);

        var port = StandaloneProcess.FreePort();
        var serving = new Dictionary<string, string>(environment) { ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await using (var service = StandaloneProcess.Start(serving))
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await service.WaitUntilHealthyAsync(http, Limit);
            using var allowed = await http.WithKey(siteKey).GetAsync("/api/v1/stats/realtime/visitors?site_id=shop.test");
            using var otherSite = await http.WithKey(siteKey).GetAsync("/api/v1/stats/realtime/visitors?site_id=other.test");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            await Api.AssertProblemAsync(otherSite, HttpStatusCode.Forbidden);
            Assert.Equal(0, await service.TerminateAsync(Limit));
            Assert.DoesNotContain(siteKey, service.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(siteKey[11..], service.Output, StringComparison.Ordinal);
        }

        var (revokeExit, revoked) = await StandaloneProcess.RunCommandAsync(environment, Limit, "--revoke-api-key", siteKey[..11]);
        var (againExit, _) = await StandaloneProcess.RunCommandAsync(environment, Limit, "--revoke-api-key", siteKey[..11]);
        var (_, afterwards) = await StandaloneProcess.RunCommandAsync(environment, Limit, "--list-api-keys");

        Assert.True(revokeExit == 0, revoked);
        Assert.Equal(1, againExit);
        Assert.DoesNotContain(siteKey[..11], afterwards, StringComparison.Ordinal);
        Assert.Contains(ingestKey[..11], afterwards, StringComparison.Ordinal);

        await using (var service = StandaloneProcess.Start(serving))
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await service.WaitUntilHealthyAsync(http, Limit);
            using var refused = await http.WithKey(siteKey).GetAsync("/api/v1/stats/realtime/visitors?site_id=shop.test");
            await Api.AssertProblemAsync(refused, HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task A_missing_scope_or_a_bad_site_ends_with_exit_code_1_and_no_key()
    {
        var environment = StandaloneProcess.EnvironmentFor(_fixture.Schema.ConnectionString, _fixture.Schema.Name, StandaloneProcess.FreePort());

        var (noScope, noScopeOutput) = await StandaloneProcess.RunCommandAsync(environment, Limit, "--create-api-key");
        var (badSite, badSiteOutput) = await StandaloneProcess.RunCommandAsync(environment, Limit, "--create-api-key", "--scope", "read", "--site", "not a site");

        Assert.Equal(1, noScope);
        Assert.Contains("--scope", noScopeOutput, StringComparison.Ordinal);
        Assert.Equal(1, badSite);
        Assert.DoesNotContain("ak_", badSiteOutput, StringComparison.Ordinal);
    }

    private static async Task<string> CreateAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var (exitCode, output) = await StandaloneProcess.RunCommandAsync(environment, Limit, ["--create-api-key", .. arguments]);
        Assert.True(exitCode == 0, $"--create-api-key exited with {exitCode}. Output:\n{output}");
        var key = StandaloneProcess.LastLine(output);
        Assert.Matches("^ak_[a-z2-7]{56}$", key);
        return key;
    }
}
