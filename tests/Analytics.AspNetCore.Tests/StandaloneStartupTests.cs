using Analytics.AspNetCore.Tests.Infrastructure;
using Analytics.Testing;
using Npgsql;

namespace Analytics.AspNetCore.Tests;

/// <summary>
/// The standalone host as a real process, started the ways a new user gets wrong: a start that cannot succeed ends
/// with one line naming the fix and exit code 1, and <c>--print-schema</c> says which store its script is for.
/// </summary>
public sealed class StandaloneStartupTests : IClassFixture<SchemaFixture>
{
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(90);
    private readonly SchemaFixture _fixture;

    public StandaloneStartupTests(SchemaFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task A_DuckDB_file_held_by_another_process_ends_startup_with_one_line_naming_the_fix_and_exit_code_1()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"analytics-held-{Guid.NewGuid():N}");
        try
        {
            var path = Path.Combine(directory, "events.duckdb");
            var firstPort = StandaloneProcess.FreePort();
            await using var first = StandaloneProcess.Start(DuckDbEnvironment(path, firstPort));
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{firstPort}") };
            await first.WaitUntilHealthyAsync(http, StartupLimit);

            await using var second = StandaloneProcess.Start(DuckDbEnvironment(path, StandaloneProcess.FreePort()));
            var exitCode = await second.WaitForExitAsync(StartupLimit);

            AssertEndsWithOneClearLine(second.Output, exitCode, "Analytics:DuckDbPath");
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
    public async Task A_login_PostgreSQL_refuses_ends_startup_with_one_line_naming_the_setting_and_exit_code_1()
    {
        // The test server trusts every local login, so a wrong password would pass: a role that does not exist is
        // refused the same way (SQLSTATE 28000; a wrong password is 28P01, handled alike).
        var connection = new NpgsqlConnectionStringBuilder(_fixture.Schema.ConnectionString) { Username = "no_such_role", Password = "wrong-secret" };
        var environment = StandaloneProcess.EnvironmentFor(connection.ConnectionString, _fixture.Schema.Name, StandaloneProcess.FreePort());
        await using var process = StandaloneProcess.Start(environment);

        var exitCode = await process.WaitForExitAsync(StartupLimit);

        AssertEndsWithOneClearLine(process.Output, exitCode, "Analytics:ConnectionString");
        Assert.DoesNotContain("wrong-secret", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Print_schema_without_PostgreSQL_says_it_is_DuckDBs_and_warns_about_PostgreSQL_only_settings()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"analytics-print-{Guid.NewGuid():N}");
        try
        {
            var environment = DuckDbEnvironment(Path.Combine(directory, "events.duckdb"), StandaloneProcess.FreePort());
            environment["Analytics__Partitioning"] = "TimescaleDb";
            await using var process = StandaloneProcess.Start(environment, "--print-schema");

            var exitCode = await process.WaitForExitAsync(StartupLimit);

            var output = process.Output;
            Assert.True(exitCode == 0, $"--print-schema exited with {exitCode}. Output:\n{output}");
            Assert.Contains("Schema for DuckDB (", output, StringComparison.Ordinal);
            Assert.Contains("Warning: Analytics:Partitioning applies to PostgreSQL only", output, StringComparison.Ordinal);
            Assert.Contains("(DuckDB)", output, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private Dictionary<string, string> DuckDbEnvironment(string path, int port)
    {
        var environment = StandaloneProcess.EnvironmentFor(_fixture.Schema.ConnectionString, _fixture.Schema.Name, port);
        environment.Remove("DATABASE_URL");
        environment["Analytics__DuckDbPath"] = path;
        return environment;
    }

    private static void AssertEndsWithOneClearLine(string output, int exitCode, string setting)
    {
        Assert.True(exitCode == 1, $"The host exited with {exitCode}, not 1. Output:\n{output}");
        // Standard output (the log) and standard error (the line) are read apart, so their order here is not theirs.
        var line = Assert.Single(
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            l => l.StartsWith("Analytics could not start: ", StringComparison.Ordinal));
        Assert.Contains(setting, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }
}
