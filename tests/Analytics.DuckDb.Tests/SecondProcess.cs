using System.Diagnostics;

namespace Analytics.DuckDb.Tests;

/// <summary>
/// Runs Analytics.DuckDb.SecondProcess (built next to the tests) as a real second process: DuckDB locks a file per
/// process and shares one database instance between the connections of a process, so ownership needs two processes.
/// </summary>
internal sealed class SecondProcess : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;

    private SecondProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Runs <paramref name="mode"/> on <paramref name="path"/> to the end; returns the exit code and standard output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string mode, string path, params string[] more)
    {
        using var process = Start(mode, path, more);
        using var timeout = new CancellationTokenSource(Timeout);
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, output);
    }

    /// <summary>Starts a process that opens the store on <paramref name="path"/> and holds it until disposed.</summary>
    public static async Task<SecondProcess> HoldAsync(string path)
    {
        var process = Start("hold", path);
        using var timeout = new CancellationTokenSource(Timeout);
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line != "ready")
        {
            var rest = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            process.Dispose();
            throw new InvalidOperationException($"The second process did not open {path}: {line} {rest}");
        }

        return new SecondProcess(process);
    }

    /// <summary>Kills the process at once, as a crash or SIGKILL would: no checkpoint, no disposal.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        using var timeout = new CancellationTokenSource(Timeout);
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process.HasExited)
        {
            _process.Dispose();
            return;
        }

        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(Timeout);
        await _process.WaitForExitAsync(timeout.Token);
        _process.Dispose();
    }

    private static Process Start(string mode, string path, params string[] more)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "Analytics.DuckDb.SecondProcess.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(path);
        foreach (var argument in more)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }
}
