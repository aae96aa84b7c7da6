using System.Net;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.HttpOverrides;

namespace Analytics.StandaloneHost;

/// <summary>
/// What the standalone service adds on top of the library: the seed's environment variables
/// (DATABASE_URL, DB_TIMEZONE, PORT, HOST), CORS, OpenAPI (with the read key declared), key commands, the store choice (PostgreSQL when configured, else an
/// embedded DuckDB file), and a way to print the schema for a DBA.
/// </summary>
internal static class StandaloneDefaults
{
    public const string DefaultHost = "localhost";
    public const string DefaultPort = "8000";

    /// <summary>Where events go without PostgreSQL; Analytics:DuckDbPath (ANALYTICS__DUCKDBPATH) changes it.</summary>
    public const string DefaultDuckDbPath = "./data/analytics.duckdb";

    /// <summary>Half the memory this process may use (the machine's, or its container's limit), as DuckDB's memory limit, at least 1 GiB.</summary>
    internal static string HalfOfAvailableMemory() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Math.Max(1024, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2 / (1024 * 1024))}MiB");

    public static WebApplicationBuilder AddStandaloneDefaults(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;

        // The library's own settings win over the seed's variables: Analytics:ConnectionString, then
        // ConnectionStrings:Analytics, then DATABASE_URL; Analytics:TimeZone, then DB_TIMEZONE.
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Analytics:ConnectionString"] = FirstSet(configuration["Analytics:ConnectionString"], configuration.GetConnectionString("Analytics"), configuration["DATABASE_URL"]),
            ["Analytics:TimeZone"] = FirstSet(configuration["Analytics:TimeZone"], configuration["DB_TIMEZONE"], "UTC"),
            // The library's 1 GiB is for living inside someone else's app; the service has its machine (or container)
            // to itself, and DuckDB cannot spill every query to disk: over months of millions of events, deriving
            // visits needs more (BENCHMARKS.md). Half the memory the process may use, unless set.
            ["Analytics:DuckDb:MemoryLimit"] = FirstSet(configuration["Analytics:DuckDb:MemoryLimit"], HalfOfAvailableMemory()),
        });

        // --urls and ASPNETCORE_URLS both land in "urls"; otherwise the seed's address, or HOST/PORT.
        if (string.IsNullOrWhiteSpace(configuration["urls"]))
        {
            var host = configuration["HOST"] is { Length: > 0 } h ? h : DefaultHost;
            var port = configuration["PORT"] is { Length: > 0 } p ? p : DefaultPort;
            builder.WebHost.UseUrls($"http://{host}:{port}");
        }

        // Ingestion answers any origin (browsers post from the sites measured); reads answer only Cors:AllowedOrigins,
        // none by default. Fails closed: unset or empty allows no origin, blank entries count for nothing, and
        // appsettings.json sets no default that an environment variable for index 1 would leave standing at index 0.
        builder.Services.AddCors();
        builder.Services.AddSingleton<ICorsPolicyProvider, SurfaceCorsPolicies>();

        // X-Forwarded-For is believed only from proxies we are told about (plus loopback, ASP.NET's default), so a
        // client cannot choose the address that is stored for it.
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [])
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        builder.Services.AddOpenApi(openApi =>
        {
            openApi.AddOperationTransformer<StatsApiExamples>();
            openApi.AddDocumentTransformer<BearerKeySecurity>();
            openApi.AddOperationTransformer<BearerKeySecurity>();
        });
        return builder.AddStandaloneTelemetry();
    }

    /// <summary>The middleware the standalone service runs before the endpoints: forwarded headers, then CORS; and /metrics.</summary>
    public static WebApplication UseStandaloneDefaults(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseCors();
        return app.MapStandaloneTelemetry();
    }

    /// <summary>
    /// PostgreSQL when a connection string is configured (Analytics:ConnectionString, ConnectionStrings:Analytics or
    /// DATABASE_URL), otherwise the DuckDB file at Analytics:DuckDbPath. Startup logs which store and file are used.
    /// </summary>
    public static AnalyticsBuilder UseStandaloneStore(this AnalyticsBuilder analytics, IConfiguration configuration) =>
        analytics.UseDuckDbUnlessPostgreSqlIsConfigured(
            configuration["Analytics:DuckDbPath"] is { Length: > 0 } path ? path : DefaultDuckDbPath);

    /// <summary>The origins of Cors:AllowedOrigins, without blank entries; none when unset.</summary>
    internal static string[] AllowedOrigins(IConfiguration configuration) =>
        [.. (configuration.GetSection("Cors:AllowedOrigins").Get<string?[]>() ?? []).Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o!.Trim())];

    private static string? FirstSet(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
