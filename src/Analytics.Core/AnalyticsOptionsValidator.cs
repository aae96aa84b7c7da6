using Analytics.Storage;
using Analytics.Storage.PostgreSql;
using Microsoft.Extensions.Options;

namespace Analytics;

/// <summary>Stops startup on settings that cannot work, with a message that says what to change.</summary>
internal sealed class AnalyticsOptionsValidator : IValidateOptions<AnalyticsOptions>
{
    // Every request computes now - Retention and now + MaxClockSkew; far past these, the sum leaves DateTimeOffset's
    // range and every request would fail.
    private static readonly TimeSpan MaxRetention = TimeSpan.FromDays(36_500);
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, AnalyticsOptions options)
    {
        var failures = new List<string>();
        if (!options.UsesOtherStore && !options.UsesHostDataSource)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                failures.Add(
                    "Analytics has no store: set Analytics:ConnectionString (DATABASE_URL in the standalone host), " +
                    "call services.AddAnalytics(connectionString), or use the host's data source with .UseNpgsqlDataSource().");
            }
            else
            {
                try
                {
                    _ = new Npgsql.NpgsqlConnectionStringBuilder(PostgreSqlConnectionString.Normalize(options.ConnectionString));
                }
                catch (Exception ex) when (ex is FormatException or ArgumentException)
                {
                    // Not the parser's message: after an unquoted ';' in a password it names the rest of the password
                    // as an unknown keyword, and this message goes to the startup log.
                    failures.Add(
                        "Analytics:ConnectionString is not a valid PostgreSQL connection string or postgresql:// URL. " +
                        "Check the keywords, and quote a value that holds ';' or '=' (Password='a;b'), or percent-encode it in a URL.");
                }
            }
        }

        if (!SqlIdentifier.IsValid(options.Schema))
        {
            failures.Add($"Analytics:Schema '{options.Schema}' is not a valid schema name: use lower-case letters, digits and underscores, starting with a letter and not with pg_, at most {SqlIdentifier.MaxLength} characters.");
        }

        if (!IsIanaTimeZone(options.TimeZone))
        {
            failures.Add($"Analytics:TimeZone (DB_TIMEZONE) '{options.TimeZone}' is not a known IANA time zone: use for example 'UTC' or 'Europe/Berlin'.");
        }

        if (Sites.SiteDomain.Normalize(options.DefaultSite) is null)
        {
            failures.Add($"Analytics:DefaultSite '{options.DefaultSite}' is not a site domain: use for example 'example.com'.");
        }

        for (var i = 0; i < options.Sites.Count; i++)
        {
            var site = options.Sites[i];
            if (Sites.SiteDomain.Normalize(site.Domain) is null)
            {
                failures.Add($"Analytics:Sites:{i}:Domain '{site.Domain}' is not a site domain: use for example 'shop.test'.");
            }

            if (!string.IsNullOrWhiteSpace(site.TimeZone) && !IsIanaTimeZone(site.TimeZone))
            {
                failures.Add($"Analytics:Sites:{i}:TimeZone '{site.TimeZone}' is not a known IANA time zone: use for example 'Europe/Berlin'.");
            }

            if (site.UmamiWebsiteId is { } websiteId && options.Sites.Take(i).Any(other => other.UmamiWebsiteId == websiteId))
            {
                failures.Add($"Analytics:Sites:{i}:UmamiWebsiteId {websiteId} is already another site's: give each Umami website id to one site.");
            }
        }

        if (options.Retention < TimeSpan.FromDays(1) || options.Retention > MaxRetention)
        {
            failures.Add($"Analytics:Retention is {options.Retention}; keep events for at least one day and at most {MaxRetention.TotalDays:0} days (for example '90.00:00:00').");
        }

        if (options.PartitionsAhead is < 1 or > 366)
        {
            failures.Add($"Analytics:PartitionsAhead is {options.PartitionsAhead}; use a number of days between 1 and 366.");
        }

        if (options.MaintenanceInterval < TimeSpan.FromSeconds(1) || options.MaintenanceInterval > TimeSpan.FromDays(1))
        {
            failures.Add($"Analytics:MaintenanceInterval is {options.MaintenanceInterval}; use between one second and one day, so partitions exist before they are needed.");
        }

        if (options.MaxClockSkew < TimeSpan.Zero || options.MaxClockSkew > MaxClockSkew)
        {
            failures.Add($"Analytics:MaxClockSkew is {options.MaxClockSkew}; use between 0 and one day (the default is '00:05:00').");
        }

        if (options.MaxBuckets < 1 || options.MaxPagesPerQuery < 1 || options.MaxEventBodyBytes < 1024)
        {
            failures.Add("Analytics:MaxBuckets and MaxPagesPerQuery must be positive, and MaxEventBodyBytes at least 1024.");
        }

        if (options.WriteBatchSize < 1 || options.MaxQueuedEvents < options.WriteBatchSize)
        {
            failures.Add($"Analytics:WriteBatchSize must be positive and at most Analytics:MaxQueuedEvents ({options.MaxQueuedEvents}).");
        }

        if (options.MaxQueuedBytes < 1024 * 1024)
        {
            failures.Add($"Analytics:MaxQueuedBytes is {options.MaxQueuedBytes}; allow the queue at least 1 MiB (1048576).");
        }

        if (options.MaxResultRows is < 1 or > 1_000_000)
        {
            failures.Add($"Analytics:MaxResultRows is {options.MaxResultRows}; use between 1 and 1,000,000 rows.");
        }

        if (!DuckDbOptions.TryParseMemoryLimit(options.DuckDb.MemoryLimit, out var memoryLimit) || memoryLimit < 16L * 1024 * 1024)
        {
            failures.Add($"Analytics:DuckDb:MemoryLimit '{Ingestion.ValidationErrors.Shorten(options.DuckDb.MemoryLimit ?? "")}' is not a memory size of at least 16 MiB: use a number and a unit, for example '1GiB' or '512MB'.");
        }

        if (options.DuckDb.Threads is < 1 or > 256)
        {
            failures.Add($"Analytics:DuckDb:Threads is {options.DuckDb.Threads}; use between 1 and 256 threads, or leave it out for the cores up to four.");
        }

        if (options.MaxConcurrentWrites is < 1 or > 16)
        {
            failures.Add($"Analytics:MaxConcurrentWrites is {options.MaxConcurrentWrites}; use between 1 and 16.");
        }

        if (options.WriteBatchDelay < TimeSpan.Zero || options.WriteBatchDelay > TimeSpan.FromSeconds(1))
        {
            failures.Add("Analytics:WriteBatchDelay must be between 0 and 1 second; it adds to every acknowledgement's latency.");
        }

        if (options.QueryTimeout < TimeSpan.FromSeconds(1) || options.QueryTimeout > TimeSpan.FromHours(1))
        {
            failures.Add("Analytics:QueryTimeout must be between 1 second and 1 hour.");
        }

        if (options.MaxConcurrentQueries is < 1 or > 256)
        {
            failures.Add($"Analytics:MaxConcurrentQueries is {options.MaxConcurrentQueries}; use between 1 and 256.");
        }

        if (options.MaxQueuedQueries is < 0 or > 10_000)
        {
            failures.Add($"Analytics:MaxQueuedQueries is {options.MaxQueuedQueries}; use between 0 and 10000.");
        }

        if (options.QueryQueueTimeout < TimeSpan.Zero || options.QueryQueueTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add("Analytics:QueryQueueTimeout must be between 0 and 5 minutes.");
        }

        if (options.AcknowledgementTimeout < TimeSpan.FromMilliseconds(100))
        {
            failures.Add("Analytics:AcknowledgementTimeout must be at least 100 ms.");
        }

        if (options.SessionTimeout < TimeSpan.FromMinutes(1) || options.SessionTimeout > TimeSpan.FromHours(12))
        {
            failures.Add($"Analytics:SessionTimeout is {options.SessionTimeout}; use between one minute and 12 hours (the usual is 30 minutes).");
        }

        if (options.MaxTrackedSessions < 1)
        {
            failures.Add("Analytics:MaxTrackedSessions must be positive.");
        }

        if (options.MaxBatchEvents < 1 || options.MaxBatchEvents > options.MaxQueuedEvents || options.MaxBatchBodyBytes < 1024)
        {
            failures.Add("Analytics:MaxBatchEvents must be between 1 and Analytics:MaxQueuedEvents, and MaxBatchBodyBytes at least 1024.");
        }

        if (options.ApiKeyCacheDuration < TimeSpan.Zero || options.ApiKeyCacheDuration > TimeSpan.FromMinutes(10))
        {
            failures.Add($"Analytics:ApiKeyCacheDuration is {options.ApiKeyCacheDuration}; use between 0 and 10 minutes: a revoked key works on until it passes.");
        }

        foreach (var (surface, limit) in new[] { ("Ingest", options.RateLimits.Ingest), ("Read", options.RateLimits.Read) })
        {
            if (limit.PermitLimit < 1 || limit.Window < TimeSpan.FromSeconds(1) || limit.Window > TimeSpan.FromHours(1))
            {
                failures.Add($"Analytics:RateLimits:{surface} allows {limit.PermitLimit} requests per {limit.Window}; use a PermitLimit of at least 1 and a Window between 1 second and 1 hour.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // .NET on Linux also accepts Windows ids ("W. Europe Standard Time"), which PostgreSQL refuses; AnalyticsTimeZones
    // turns those into IANA ids before validation, so one left here has no IANA equivalent.
    private static bool IsIanaTimeZone(string? id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id ?? "", out var zone) && (zone.HasIanaId || zone.Id is "UTC");
}
