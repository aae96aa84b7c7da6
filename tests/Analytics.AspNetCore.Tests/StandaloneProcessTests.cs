using System.Net;
using Analytics.AspNetCore.Tests.Infrastructure;
using Analytics.Testing;

namespace Analytics.AspNetCore.Tests;

/// <summary>
/// The standalone host as a real process, configured the seed's way (PORT, HOST, DATABASE_URL): it serves the API,
/// its OpenAPI document and docs, keeps events across a restart on an existing database, and prints its schema.
/// </summary>
public sealed class StandaloneProcessTests : IClassFixture<SchemaFixture>
{
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(60);
    private readonly SchemaFixture _fixture;

    public StandaloneProcessTests(SchemaFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Standalone_host_serves_api_openapi_and_docs_and_keeps_events_across_a_restart()
    {
        var schema = _fixture.Schema;
        string location;
        string created;

        var firstPort = StandaloneProcess.FreePort();
        await using (var first = StandaloneProcess.Start(StandaloneProcess.EnvironmentFor(schema.ConnectionString, schema.Name, firstPort)))
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{firstPort}") };
            await first.WaitUntilHealthyAsync(http, StartupLimit);

            using (var health = await http.GetAsync("/health"))
            {
                Assert.Equal("""{"status":"ok"}""", await health.Content.ReadAsStringAsync());
            }

            using (var openApi = await http.GetAsync("/openapi/v1.json"))
            {
                var document = await Api.ReadJsonAsync(openApi);
                Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
                Assert.True(document.GetProperty("paths").TryGetProperty("/api/events", out _), document.ToString());
            }

            using (var docs = await http.GetAsync("/docs"))
            {
                Assert.True(docs.IsSuccessStatusCode, $"/docs answered {(int)docs.StatusCode}. Output:\n{first.Output}");
                Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);
            }

            using (var post = await http.PostAsync("/api/events/", Api.Json(Api.SeedExample)))
            {
                var body = await Api.ReadJsonAsync(post, HttpStatusCode.Created);
                created = body.ToString();
                location = post.Headers.Location?.OriginalString ?? throw new InvalidOperationException("No Location header.");
                Assert.Equal($"/api/events/{body.GetProperty("id").GetString()}", location);
            }

            // A client address behind a forwarding header, to check that no address reaches the log either way.
            using (var forwarded = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = Api.Json(@"{""page"":""/logged""}") })
            {
                forwarded.Headers.Add("X-Forwarded-For", "198.51.100.23");
                using var response = await http.SendAsync(forwarded);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }

            // As a container stop does: the host must shut down cleanly, not be killed.
            Assert.Equal(0, await first.TerminateAsync(StartupLimit));
            first.AssertNoErrorsLogged();
            Assert.DoesNotContain("192.168.0.1", first.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("198.51.100.23", first.Output, StringComparison.Ordinal);
        }

        // Reads need a key: made on the command line, against the same store, as an operator would.
        var (keyExit, keyOutput) = await StandaloneProcess.RunCommandAsync(
            StandaloneProcess.EnvironmentFor(schema.ConnectionString, schema.Name, StandaloneProcess.FreePort()), StartupLimit, "--create-api-key", "--scope", "read");
        Assert.True(keyExit == 0, $"--create-api-key exited with {keyExit}. Output:\n{keyOutput}");
        var key = StandaloneProcess.LastLine(keyOutput);

        var secondPort = StandaloneProcess.FreePort();
        await using (var second = StandaloneProcess.Start(StandaloneProcess.EnvironmentFor(schema.ConnectionString, schema.Name, secondPort)))
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{secondPort}") };
            await second.WaitUntilHealthyAsync(http, StartupLimit);
            using (var anonymous = await http.GetAsync(location))
            {
                await Api.AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized);
            }

            http.WithKey(key);

            using var get = await http.GetAsync(location);
            var stored = await Api.ReadJsonAsync(get);
            Assert.Equal(created, stored.ToString());

            var rows = await AggregateRows.GetAsync(http, "/api/events/?duration=1 day&pages=/pricing");
            Assert.Equal(1, Assert.Single(rows).Count);

            Assert.Equal(0, await second.TerminateAsync(StartupLimit));
            second.AssertNoErrorsLogged();
        }

        Assert.Equal(2, await schema.CountEventsAsync()); // the seed example and the forwarded one
        Assert.Equal(Analytics.Storage.PostgreSql.PostgreSqlSchemaScripts.LatestVersion, await schema.ScalarAsync<long>($"SELECT count(*) FROM \"{schema.Name}\".schema_versions"));
    }

    [Fact]
    public async Task Without_DATABASE_URL_the_host_uses_DuckDB_at_the_configured_path_and_keeps_events_and_open_sessions_across_a_restart()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"analytics-host-{Guid.NewGuid():N}");
        var path = Path.Combine(directory, "events.duckdb");
        try
        {
            var port = StandaloneProcess.FreePort();
            var environment = StandaloneProcess.EnvironmentFor(_fixture.Schema.ConnectionString, _fixture.Schema.Name, port);
            environment.Remove("DATABASE_URL");
            environment["Analytics__DuckDbPath"] = path;
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            string location;
            string? session;
            await using (var first = StandaloneProcess.Start(environment))
            {
                await first.WaitUntilHealthyAsync(http, StartupLimit);
                using var post = await http.PostAsync(
                    "/api/events",
                    new StringContent("""{"page":"/embedded","ip_address":"203.0.113.5"}""", System.Text.Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.Created, post.StatusCode);
                location = post.Headers.Location!.ToString();
                session = (await Api.ReadJsonAsync(post, HttpStatusCode.Created)).GetProperty("session_id").GetString();
                Assert.Equal(0, await first.TerminateAsync(StartupLimit));
                Assert.Contains($"DuckDB ({path})", first.Output, StringComparison.Ordinal);
            }

            var (keyExit, keyOutput) = await StandaloneProcess.RunCommandAsync(environment, StartupLimit, "--create-api-key", "--scope", "read");
            Assert.True(keyExit == 0, $"--create-api-key exited with {keyExit}. Output:\n{keyOutput}");
            http.WithKey(StandaloneProcess.LastLine(keyOutput));

            await using var second = StandaloneProcess.Start(environment);
            await second.WaitUntilHealthyAsync(http, StartupLimit);
            using var get = await http.GetAsync(location);
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.True(File.Exists(path));

            // The same client within 30 minutes, after the restart: the session the first process derived goes on.
            using var again = await http.PostAsync(
                "/api/events",
                new StringContent("""{"page":"/embedded/next","ip_address":"203.0.113.5"}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.NotNull(session);
            Assert.Equal(session, (await Api.ReadJsonAsync(again, HttpStatusCode.Created)).GetProperty("session_id").GetString());
            Assert.Equal(0, await second.TerminateAsync(StartupLimit));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Print_schema_prints_the_DDL_exits_0_and_leaves_the_database_alone()
    {
        await using var schema = await TestSchema.CreateAsync("print");
        var environment = StandaloneProcess.EnvironmentFor(schema.ConnectionString, schema.Name, StandaloneProcess.FreePort());
        await using var process = StandaloneProcess.Start(environment, "--print-schema");

        var exitCode = await process.WaitForExitAsync(StartupLimit);

        var output = process.Output;
        Assert.True(exitCode == 0, $"--print-schema exited with {exitCode}. Output:\n{output}");
        Assert.Contains("CREATE TABLE", output, StringComparison.Ordinal);
        Assert.Contains($"\"{schema.Name}\".events", output, StringComparison.Ordinal);
        Assert.Equal(0, await schema.ScalarAsync<long>(
            $"SELECT count(*) FROM information_schema.schemata WHERE schema_name = '{schema.Name}'"));
    }
}
