using Analytics.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Analytics.StandaloneHost;

/// <summary>
/// How the standalone service runs: serves until stopped, or with <c>--print-schema</c> prints the DDL of the store it
/// would use. A start that cannot succeed (settings, credentials, a DuckDB file another process holds) ends with one
/// line on standard error naming the fix, and exit code 1, instead of an unhandled exception.
/// </summary>
internal static partial class StandaloneRun
{
    /// <summary>Settings that only the PostgreSQL store reads; given with DuckDB they do nothing, which is worth a warning.</summary>
    private static readonly string[] PostgreSqlOnlySettings = ["Analytics:Partitioning", "Analytics:PartitionsAhead"];

    /// <summary>
    /// Runs the service; or prints the schema (<c>--print-schema</c>); or runs a key command (<see cref="ApiKeyCommands"/>)
    /// against the configured store and exits with its code. Sets <see cref="Environment.ExitCode"/> to 1 when it cannot
    /// start.
    /// </summary>
    public static async Task RunOrPrintSchemaAsync(this WebApplication app, string[] args)
    {
        try
        {
            if (args.Contains("--print-schema"))
            {
                PrintSchema(app);
                return;
            }

            if (ApiKeyCommands.IsRequested(args))
            {
                Environment.ExitCode = await ApiKeyCommands.RunAsync(app, args);
                return;
            }

            WarnAboutIgnoredSettings(app, message => LogIgnoredSetting(app.Logger, message));
            if (!app.Services.GetRequiredService<IOptions<AnalyticsOptions>>().Value.AllowAnonymousReads)
            {
                LogDashboardNeedsKey(app.Logger);
            }

            await app.RunAsync();
        }
        catch (Exception ex) when (FatalStartupMessage(ex) is { } message)
        {
            await Console.Error.WriteLineAsync("Analytics could not start: " + message);
            Environment.ExitCode = 1;
        }
    }

    /// <summary>
    /// One line for an exception that ends startup, naming what to change; null for one this code does not know, which
    /// is then left unhandled so its stack trace shows.
    /// </summary>
    internal static string? FatalStartupMessage(Exception exception) => exception switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => FatalStartupMessage(aggregate.InnerExceptions[0]),
        OptionsValidationException options => string.Join(" ", options.Failures),
        // 28P01 a wrong password, 28000 an unknown or refused role: the message names the user, never the password.
        PostgresException { SqlState: "28P01" or "28000" } login =>
            $"PostgreSQL refused the login ({login.SqlState}: {login.MessageText}). Check Username and Password in " +
            "Analytics:ConnectionString (or DATABASE_URL).",
        PostgresException { SqlState: "3D000" } database =>
            $"{database.MessageText}. Create the database, or name an existing one in Analytics:ConnectionString (or DATABASE_URL).",
        PostgresException { SqlState: "42501" } denied =>
            $"PostgreSQL denied a permission the schema setup needs ({denied.MessageText}). Grant it, or set " +
            "Analytics:ApplySchemaOnStartup=false and apply the script from --print-schema as a role that may.",
        EventStoreUnavailableException unavailable =>
            $"{unavailable.Message} It did not answer within Analytics:StartupTimeout. Check that the database is running " +
            "and that the host and port in Analytics:ConnectionString (or DATABASE_URL) reach it.",
        SchemaVersionException schema => schema.Message,
        // The store's own startup refusals (a DuckDB file held by another process, TimescaleDB missing) name their fix.
        InvalidOperationException { Source: "Analytics.Core" or "Analytics.DuckDb" } refused => refused.Message,
        _ => null,
    };

    private static void PrintSchema(WebApplication app)
    {
        var store = app.Services.GetRequiredService<IEventStore>();
        var script = store.ExportSchemaScript();
        // Standard error, so that the script on standard output stays a script.
        Console.Error.WriteLine($"Schema for {store.Description}.");
        WarnAboutIgnoredSettings(app, Console.Error.WriteLine);
        Console.Out.Write(script);
    }

    private static void WarnAboutIgnoredSettings(WebApplication app, Action<string> warn)
    {
        // AddStandaloneDefaults gathers every source of a connection string into this one key; without it, DuckDB.
        if (!string.IsNullOrWhiteSpace(app.Configuration["Analytics:ConnectionString"]))
        {
            return;
        }

        foreach (var setting in PostgreSqlOnlySettings.Where(key => !string.IsNullOrWhiteSpace(app.Configuration[key])))
        {
            warn($"Warning: {setting} applies to PostgreSQL only and is ignored: no PostgreSQL connection string is configured " +
                "(Analytics:ConnectionString, ConnectionStrings:Analytics or DATABASE_URL), so events go to the DuckDB file at Analytics:DuckDbPath.");
        }
    }

    // The standalone host's own range (19xx) beside the library's (Analytics.Logging.AnalyticsLogEvents).
    [LoggerMessage(EventId = 1901, Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogIgnoredSetting(ILogger logger, string warning);

    [LoggerMessage(EventId = 1902, Level = LogLevel.Information, Message = "The dashboard at / answers requests from this machine only, and reads with a read key: create one with --create-api-key --scope read (with the service stopped when it stores in DuckDB), and enter it when the page asks (docs/dashboard.md)")]
    private static partial void LogDashboardNeedsKey(ILogger logger);
}
