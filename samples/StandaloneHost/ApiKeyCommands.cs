using System.Globalization;
using Analytics.ApiKeys;
using Analytics.Storage;
using Microsoft.Extensions.Options;

namespace Analytics.StandaloneHost;

/// <summary>
/// The command line's key management, run against the configured store instead of serving:
/// <c>--create-api-key --scope read|ingest [--site example.com]</c> prints the new key alone on the last line of
/// standard output (the only time it is shown); <c>--list-api-keys</c> prints prefix, scope, site, creation and last
/// use, never a key; <c>--revoke-api-key PREFIX</c> deletes one. Exit code 0 on success, 1 with a message on standard
/// error otherwise.
/// </summary>
internal static class ApiKeyCommands
{
    public const string Create = "--create-api-key";
    public const string List = "--list-api-keys";
    public const string Revoke = "--revoke-api-key";

    /// <summary>Whether <paramref name="args"/> asks for a key command.</summary>
    public static bool IsRequested(string[] args) => args.Any(a => a is Create or List or Revoke);

    /// <summary>Runs the command and returns the process's exit code. The app is disposed before the key is printed, so no log line follows it.</summary>
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        string? output;
        int exitCode;
        try
        {
            var services = app.Services;
            if (services.GetRequiredService<IOptions<AnalyticsOptions>>().Value.ApplySchemaOnStartup)
            {
                await services.GetRequiredService<IStoreMaintenance>().EnsureSchemaAsync(CancellationToken.None);
            }

            (exitCode, output) = await RunCommandAsync(services.GetRequiredService<IApiKeyService>(), args);
        }
        finally
        {
            // Flushes the console logger, and closes a DuckDB file, before anything is printed.
            await app.DisposeAsync();
        }

        if (output is not null)
        {
            await (exitCode == 0 ? Console.Out : Console.Error).WriteLineAsync(output);
        }

        return exitCode;
    }

    private static async Task<(int ExitCode, string? Output)> RunCommandAsync(IApiKeyService keys, string[] args)
    {
        if (args.Contains(Create))
        {
            if (!Enum.TryParse<ApiKeyScope>(ValueOf(args, "--scope"), ignoreCase: true, out var scope) || !Enum.IsDefined(scope))
            {
                return (1, $"{Create} needs --scope read or --scope ingest.");
            }

            var site = ValueOf(args, "--site");
            try
            {
                var created = await keys.CreateAsync(scope, site, CancellationToken.None);
                return (0, created.Key);
            }
            catch (ArgumentException ex)
            {
                return (1, ex.Message);
            }
        }

        if (args.Contains(List))
        {
            var lines = new List<string> { "prefix\tscope\tsite\tcreated\tlast_used" };
            foreach (var key in await keys.ListAsync(CancellationToken.None))
            {
                lines.Add(string.Join('\t', key.Prefix, ScopeName(key.Scope), key.Site ?? "*", Format(key.CreatedAt), key.LastUsedAt is { } used ? Format(used) : "-"));
            }

            return (0, string.Join(Environment.NewLine, lines));
        }

        var prefix = ValueOf(args, Revoke);
        if (string.IsNullOrWhiteSpace(prefix))
        {
            return (1, $"{Revoke} needs the key's prefix (ak_ and 8 characters, as --list-api-keys shows).");
        }

        // Echoes at most the prefix, in case the whole key was typed.
        var shown = prefix.Trim()[..Math.Min(prefix.Trim().Length, "ak_".Length + 8)];
        return await keys.RevokeAsync(prefix, CancellationToken.None)
            ? (0, $"Revoked {shown}; instances that remembered it refuse it within Analytics:ApiKeyCacheDuration.")
            : (1, $"No key has the prefix {shown}.");
    }

    private static string ScopeName(ApiKeyScope scope) => scope.ToString().ToLowerInvariant();

    private static string? ValueOf(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && !args[index + 1].StartsWith("--", StringComparison.Ordinal) ? args[index + 1] : null;
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
