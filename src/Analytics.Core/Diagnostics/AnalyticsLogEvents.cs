namespace Analytics.Diagnostics;

/// <summary>
/// The event ids of every log message of the library, in one place so that none is used twice and an operator can
/// filter on them. Ranges: 10xx PostgreSQL schema, 11xx PostgreSQL partitions, 12xx PostgreSQL store, 13xx store
/// lifetime, 14xx ingestion, 20xx-22xx DuckDB store, 30xx HTTP endpoints (19xx is the standalone host's). The
/// messages are <c>[LoggerMessage]</c> methods next to the code that logs; docs/operations.md lists them.
/// </summary>
internal static class AnalyticsLogEvents
{
    public const int PostgreSqlScriptApplied = 1001;
    public const int PostgreSqlFlavorChosen = 1002;
    public const int TimescaleDbUnusable = 1003;

    public const int PartitionCreated = 1101;
    public const int PartitionDropped = 1102;

    public const int PostgreSqlUnavailable = 1201;
    public const int PostgreSqlQueryTimedOut = 1202;

    public const int StoreReady = 1301;
    public const int WaitingForStore = 1302;
    public const int MaintenanceFailed = 1303;
    public const int NoVisitorSalt = 1304;

    public const int StoreUnreachable = 1401;
    public const int EventRejected = 1402;
    public const int WritesAbandoned = 1403;
    public const int IngestionStopped = 1404;
    public const int WriteFailed = 1405;

    public const int DuckDbScriptApplied = 2001;
    public const int DuckDbExpiredRemoved = 2101;
    public const int DuckDbUnavailable = 2201;

    public const int StatsQueryRefused = 3001;
    public const int AnonymousReadsAllowed = 3101;
}
