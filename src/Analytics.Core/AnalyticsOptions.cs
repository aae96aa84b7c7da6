namespace Analytics;

/// <summary>Settings of the analytics store and API. Bound from the <c>Analytics</c> configuration section.</summary>
public sealed class AnalyticsOptions
{
    /// <summary>The configuration section these options are usually bound from.</summary>
    public const string SectionName = "Analytics";

    /// <summary>
    /// The PostgreSQL connection string (Npgsql keywords, or a <c>postgresql://user:password@host:5432/db</c> URL).
    /// Not needed when a keyed <c>NpgsqlDataSource</c> is used.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The database schema that holds the analytics tables. Created when missing.</summary>
    public string Schema { get; set; } = "analytics";

    /// <summary>The IANA time zone in which buckets of a day and longer are aligned (the seed's <c>DB_TIMEZONE</c>).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>
    /// The site of an event that names none and whose page URL and request give no host either. The seed's clients
    /// send paths without a site, so their events land here.
    /// </summary>
    public string DefaultSite { get; set; } = "default";

    /// <summary>
    /// The sites accepted, each with its own reporting time zone. Empty (the default) accepts every site; otherwise an
    /// event for a site not listed is refused with 400. A site without a time zone uses <see cref="TimeZone"/>.
    /// </summary>
    public IList<SiteOptions> Sites { get; } = [];

    /// <summary>How much of the client's IP address is stored. The default keeps the network part only.</summary>
    public IpAddressStorage IpAddressStorage { get; set; } = IpAddressStorage.Anonymized;

    /// <summary>
    /// Keep the query string of the page (<c>/search?q=x</c>). Off by default: query strings split one page into many
    /// and often carry personal data. UTM parameters are read from it either way.
    /// </summary>
    public bool KeepPageQuery { get; set; }

    /// <summary>Keep the fragment of the page (<c>/#/settings</c>), for applications that route by it. Off by default.</summary>
    public bool KeepPageFragment { get; set; }

    /// <summary>The longest gap between two page views of one visitor within one derived session (the client may send its own session_id instead).</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How many visitors' sessions this process remembers at once (about 40 bytes each). Past it, the visitors
    /// idle the longest are forgotten first, and their next page view starts a new session.
    /// </summary>
    public int MaxTrackedSessions { get; set; } = 200_000;

    /// <summary>How long events are kept. The seed kept three months.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Whether the schema is created and upgraded at startup. Turn off to apply the exported scripts yourself.</summary>
    public bool ApplySchemaOnStartup { get; set; } = true;

    /// <summary>How the PostgreSQL events table is partitioned by time.</summary>
    public PartitioningMode Partitioning { get; set; } = PartitioningMode.Auto;

    /// <summary>How many daily partitions are kept ready ahead of today (plain PostgreSQL only).</summary>
    public int PartitionsAhead { get; set; } = 7;

    /// <summary>How often partitions are created ahead and expired data is dropped.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How far in the future a client-supplied <c>timestamp</c> may be (clock skew).</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most buckets one aggregate request may produce; more is refused with 400.</summary>
    public int MaxBuckets { get; set; } = 10_000;

    /// <summary>
    /// How long one aggregate query may run before it is abandoned (503). Aggregates over 90 days of 10M events take
    /// 15-25 s on PostgreSQL on two cores, counting distinct visitors (BENCHMARKS.md).
    /// </summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// The most stats and aggregate queries a store runs at once in each of its two lines (queries that read at most two
    /// hours of events have their own, so realtime never waits behind long ranges); the others wait in line
    /// (<see cref="QueryQueueTimeout"/>, <see cref="MaxQueuedQueries"/>). Each running query holds a PostgreSQL connection or, on DuckDB, a thread, so this
    /// bound keeps a burst of dashboard reads from taking the writer's connections or the thread pool. Defaults to the
    /// processor count, at least 2.
    /// </summary>
    public int MaxConcurrentQueries { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>How long a query waits for a free slot before it is answered 503 with Retry-After.</summary>
    public TimeSpan QueryQueueTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most queries waiting for a slot; past it a query is answered 503 with Retry-After at once.</summary>
    public int MaxQueuedQueries { get; set; } = 64;

    /// <summary>
    /// The most rows one read answers: the seed's aggregate (<c>GET /api/events</c>) refuses a query whose answer would
    /// be longer with 400 saying how to narrow it, and the stats API's <c>pagination.limit</c> may not exceed it (nor
    /// Plausible's 10,000). Bounds the memory and the bytes a single request can make the service build and send.
    /// </summary>
    public int MaxResultRows { get; set; } = 10_000;

    /// <summary>The most <c>pages</c> one aggregate request may filter on.</summary>
    public int MaxPagesPerQuery { get; set; } = 100;

    /// <summary>The largest accepted request body for one event, in bytes; more is refused with 413.</summary>
    public int MaxEventBodyBytes { get; set; } = 64 * 1024;

    /// <summary>The most events one write to the store carries (group commit).</summary>
    public int WriteBatchSize { get; set; } = 4096;

    /// <summary>
    /// How long the writer waits for more events after the first one before writing a batch that is not full.
    /// Zero writes at once; under load batches fill while the previous one commits.
    /// </summary>
    public TimeSpan WriteBatchDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How many batches may be committing at once. Two keeps the database busy while the next batch is gathered
    /// and the previous one waits for its flush to disk (BENCHMARKS.md).
    /// </summary>
    public int MaxConcurrentWrites { get; set; } = 2;

    /// <summary>The most events waiting for the writer; past it, ingestion answers 503 with Retry-After.</summary>
    public int MaxQueuedEvents { get; set; } = 50_000;

    /// <summary>
    /// The most memory the events waiting for the writer may take, estimated from their text (two bytes a character
    /// plus a fixed overhead per event); past it, ingestion answers 503 with Retry-After, as for a full queue. The
    /// default, 64 MiB, holds the 50,000 events of <see cref="MaxQueuedEvents"/> at about 1.3 KB each; events of the
    /// largest size (about 13 KB) fill it at about 5,000. A submission is always taken into an empty queue.
    /// </summary>
    public long MaxQueuedBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How long a request waits for its events to be committed before it answers 503.</summary>
    public TimeSpan AcknowledgementTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Answer 202 as soon as events are queued, before they are committed. Lower latency, but events still queued
    /// when the process crashes are lost. Off by default: a success answer means the event is stored.
    /// </summary>
    public bool AcknowledgeBeforeCommit { get; set; }

    /// <summary>The most events one <c>POST /api/events/batch</c> may carry.</summary>
    public int MaxBatchEvents { get; set; } = 1000;

    /// <summary>The largest body of <c>POST /api/events/batch</c>, in bytes.</summary>
    public int MaxBatchBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How long startup waits for the database to accept the schema before giving up.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Serve the read routes (the stats API, realtime, the seed's aggregate and get by id) without a read key. Off by
    /// default: a read needs <c>Authorization: Bearer</c> with a read key, unless the host puts its own authorization on
    /// the read routes. Startup logs a warning while this is on.
    /// </summary>
    public bool AllowAnonymousReads { get; set; }

    /// <summary>
    /// Honour the body's <c>ip_address</c> and <c>user_agent</c> on ingest requests without an ingest key (the seed's
    /// contract, so on by default). Requests with an ingest key are always honoured. Turn off so that a browser cannot
    /// choose the address and user agent recorded (and hashed) for it.
    /// </summary>
    public bool AcceptClientFieldsWithoutKey { get; set; } = true;

    /// <summary>
    /// How long a looked-up API key is remembered in memory, so that warm reads pay no store round trip. A revoked key
    /// stops working within this time on every instance.
    /// </summary>
    public TimeSpan ApiKeyCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests per fixed window on ingestion (per client address or ingest key) and on reads (per key).</summary>
    public RateLimitOptions RateLimits { get; } = new();

    /// <summary>Memory and threads of the embedded DuckDB store (<c>Analytics:DuckDb</c>); ignored by PostgreSQL.</summary>
    public DuckDbOptions DuckDb { get; } = new();

    /// <summary>Set by <see cref="AnalyticsBuilder.UseNpgsqlDataSource"/>: use the host's data source instead of building one.</summary>
    internal bool UsesHostDataSource { get; set; }

    /// <summary>Set by a store package (for example DuckDB) that replaces the PostgreSQL store.</summary>
    internal bool UsesOtherStore { get; set; }
}
