using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Npgsql;
using Xunit;

namespace Analytics.Testing;

/// <summary>
/// The built standalone host (<c>Analytics.StandaloneHost.dll</c>, copied next to the tests because they reference the
/// sample) run as a real process with <c>dotnet</c>, configured only through environment variables as in production.
/// Disposing kills the process if it is still running.
/// </summary>
public sealed class StandaloneProcess : IAsyncDisposable
{
    private const string DllName = "Analytics.StandaloneHost.dll";

    // Settings the test process may carry that would change what the host listens on or where it stores.
    private static readonly string[] InheritedSettingNames =
    [
        "DOTNET_URLS", "DOTNET_HTTP_PORTS", "DOTNET_HTTPS_PORTS", "DOTNET_ENVIRONMENT", "URLS", "HTTP_PORTS", "HTTPS_PORTS",
        "DATABASE_URL", "DB_TIMEZONE", "HOST", "PORT",
    ];

    private static readonly string[] InheritedSettingPrefixes = ["ASPNETCORE_", "Analytics__", "ConnectionStrings__", "Cors__"];

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();

    private StandaloneProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the host with <paramref name="environment"/> on top of a cleaned copy of ours.</summary>
    public static StandaloneProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var dll = FindDll();
        var startInfo = new ProcessStartInfo(FindDotnet())
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var name in startInfo.Environment.Keys.ToList())
        {
            if (InheritedSettingNames.Contains(name, StringComparer.OrdinalIgnoreCase)
                || InheritedSettingPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                startInfo.Environment.Remove(name);
            }
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var running = new StandaloneProcess(process);
        process.OutputDataReceived += (_, e) => running.Append(e.Data);
        process.ErrorDataReceived += (_, e) => running.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {startInfo.FileName} {dll}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Runs the host with <paramref name="arguments"/> until it exits (a command such as <c>--create-api-key</c>); fails with its output when it does not within <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments)
    {
        await using var process = Start(environment, arguments);
        var exitCode = await process.WaitForExitAsync(timeout);
        // WaitForExit with a timeout does not wait for the redirected streams; this does.
        await process._process.WaitForExitAsync();
        return (exitCode, process.Output);
    }

    /// <summary>The last line of <paramref name="output"/> that is not blank.</summary>
    public static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";

    /// <summary>The environment that points the host at <paramref name="port"/> and at <paramref name="schema"/> on the test server.</summary>
    public static Dictionary<string, string> EnvironmentFor(string connectionString, string schema, int port) => new(StringComparer.Ordinal)
    {
        ["HOST"] = "127.0.0.1",
        ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DATABASE_URL"] = DatabaseUrl(connectionString),
        ["Analytics__Schema"] = schema,
    };

    /// <summary>The seed's <c>postgresql://user:password@host:port/database</c> form of an Npgsql connection string.</summary>
    public static string DatabaseUrl(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var user = Uri.EscapeDataString(builder.Username ?? "postgres");
        var password = string.IsNullOrEmpty(builder.Password) ? "" : ":" + Uri.EscapeDataString(builder.Password);
        var database = Uri.EscapeDataString(builder.Database ?? "postgres");
        return $"postgresql://{user}{password}@{builder.Host}:{builder.Port}/{database}";
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Polls <c>/health</c> until it answers 200; fails with the process output when it exits or <paramref name="timeout"/> passes.</summary>
    public async Task WaitUntilHealthyAsync(HttpClient client, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var last = "no answer yet";
        while (!deadline.IsCancellationRequested)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"The standalone host exited with code {_process.ExitCode} before /health answered 200. Output:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync("/health", deadline.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(deadline.Token)}";
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                last = ex.Message;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Assert.Fail($"/health of the standalone host did not answer 200 within {timeout.TotalSeconds:0} s (last: {last}). Output:\n{Output}");
    }

    /// <summary>Fails when the host logged an error or a critical message (console lines "fail:" or "crit:").</summary>
    public void AssertNoErrorsLogged()
    {
        var output = Output;
        Assert.False(
            output.Contains("fail:", StringComparison.Ordinal) || output.Contains("crit:", StringComparison.Ordinal),
            $"The standalone host logged errors. Output:\n{output}");
    }

    /// <summary>Waits for the process to end by itself; fails with its output when it does not within <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The standalone host did not exit within {timeout.TotalSeconds:0} s. Output:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>
    /// Asks the process to stop as a container runtime does, with SIGTERM, and returns its exit code; fails with its
    /// output when it does not stop within <paramref name="timeout"/>. Where signals do not exist, kills it instead.
    /// </summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (OperatingSystem.IsWindows())
        {
            await StopAsync();
            return _process.ExitCode;
        }

        const int SigTerm = 15;
        if (NativeMethods.kill(_process.Id, SigTerm) != 0)
        {
            Assert.Fail($"kill(SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}. Output:\n{Output}");
        }

        return await WaitForExitAsync(timeout);
    }

    /// <summary>Kills the process (not its children; it has none) and waits for it to be gone.</summary>
    public async Task StopAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: false);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(deadline.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.AppendLine(line);
        }
    }

    private static string FindDll()
    {
        // Copied into the test output by the project reference, so it is always the build the tests were built with.
        var candidate = Path.Combine(AppContext.BaseDirectory, DllName);
        var runtimeConfig = Path.ChangeExtension(candidate, ".runtimeconfig.json");
        if (File.Exists(candidate) && File.Exists(runtimeConfig))
        {
            return candidate;
        }

        throw new FileNotFoundException(
            $"{DllName} (with its runtimeconfig.json) is not in {AppContext.BaseDirectory}; build the test project, which references samples/StandaloneHost.",
            candidate);
    }

    private static string FindDotnet()
    {
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root
            && Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet") is var rooted && File.Exists(rooted))
        {
            return rooted;
        }

        return "dotnet";
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        [SuppressMessage("Style", "IDE1006", Justification = "The libc function's name.")]
        public static extern int kill(int pid, int signal);
    }
}
