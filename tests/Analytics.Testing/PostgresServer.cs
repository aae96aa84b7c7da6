using Testcontainers.PostgreSql;

namespace Analytics.Testing;

/// <summary>
/// The PostgreSQL server the tests use: ANALYTICS_TEST_POSTGRES when set (scripts/test.sh sets it after starting a
/// throwaway server), otherwise a Testcontainers container where Docker runs. With neither, tests fail, saying how
/// to get one: a database test never skips.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "ANALYTICS_TEST_POSTGRES";

    private static readonly Lazy<Task<string>> ConnectionString = new(StartAsync);

    /// <summary>The connection string of the server's maintenance database.</summary>
    public static Task<string> GetConnectionStringAsync() => ConnectionString.Value;

    private static async Task<string> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        if (!DockerIsReachable())
        {
            throw new InvalidOperationException(
                $"No PostgreSQL server for the database tests. Run the tests with 'bash scripts/test.sh', which installs " +
                $"Debian's postgresql when missing and starts a throwaway server; or set {EnvironmentVariable} to an Npgsql " +
                "connection string of a server where the tests may create schemas; or run Docker so Testcontainers can start one.");
        }

        var container = new PostgreSqlBuilder("postgres:16-alpine").Build();
        await container.StartAsync();
        return container.GetConnectionString();
    }

    private static bool DockerIsReachable() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST")) || File.Exists("/var/run/docker.sock");
}
