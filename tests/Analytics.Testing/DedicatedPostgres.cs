using System.Diagnostics;
using System.Globalization;

namespace Analytics.Testing;

/// <summary>
/// A PostgreSQL server of a test's own, started through scripts/postgres.sh, for tests that restart or stop the
/// server and so must not share it. Needs Debian's postgresql (the script installs it) and, as root, the
/// postgres user; on a machine with neither these tests fail and say so.
/// </summary>
public sealed class DedicatedPostgres : IAsyncDisposable
{
    private readonly string _directory;
    private readonly int _port;

    private DedicatedPostgres(string directory, int port, string connectionString)
    {
        _directory = directory;
        _port = port;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <summary>The seed's URL form of <see cref="ConnectionString"/>.</summary>
    public string Url => $"postgresql://postgres@127.0.0.1:{_port}/postgres";

    public static async Task<DedicatedPostgres> StartAsync()
    {
        var port = StandaloneProcess.FreePort();
        var directory = Path.Combine(Path.GetTempPath(), $"analytics-pg-{port}-{Guid.NewGuid():N}"[..40]);
        var output = await RunScriptAsync("start", directory, port);
        return new DedicatedPostgres(directory, port, output.Trim().Split('\n')[^1]);
    }

    /// <summary>Restarts the server the way an operator would (fast shutdown, then start); connections drop.</summary>
    public async Task RestartAsync(TimeSpan downtime)
    {
        await RunScriptAsync("stop", _directory, _port);
        await Task.Delay(downtime);
        await RunScriptAsync("start", _directory, _port);
    }

    public async ValueTask DisposeAsync()
    {
        await RunScriptAsync("stop", _directory, _port);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A stopped server's files; /tmp is cleaned anyway.
        }
        catch (UnauthorizedAccessException)
        {
            // Owned by the postgres user when running as root.
        }
    }

    private static async Task<string> RunScriptAsync(string verb, string directory, int port)
    {
        var script = Path.Combine(RepositoryRoot.Find(), "scripts", "postgres.sh");
        var startInfo = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.ArgumentList.Add(script);
        startInfo.ArgumentList.Add(verb);
        startInfo.Environment["ANALYTICS_PG_DIR"] = directory;
        startInfo.Environment["ANALYTICS_PG_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"scripts/postgres.sh {verb} failed ({process.ExitCode}); it needs Debian's postgresql or root to install it:\n{await stderr}");
        }

        return await stdout;
    }
}
