using System.Globalization;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using Analytics.Diagnostics;

namespace Analytics.Storage.PostgreSql;

/// <summary>
/// Keeps the native daily partitions: creates them ahead of time, moves events that landed in the default
/// partition into a partition of their own day, and drops days older than the retention.
/// </summary>
internal sealed partial class PostgreSqlPartitionMaintainer
{
    private const string PartitionPrefix = "events_p";
    private const string DayFormat = "yyyyMMdd";

    private readonly string _schema;
    private readonly string _quotedSchema;
    private readonly ILogger _logger;

    public PostgreSqlPartitionMaintainer(string schema, ILogger logger)
    {
        _schema = schema;
        _quotedSchema = SqlIdentifier.Quote(schema);
        _logger = logger;
    }

    /// <summary>Runs one maintenance pass unless another instance is running one; returns whether it ran.</summary>
    public async Task<bool> RunAsync(NpgsqlConnection connection, DateTimeOffset now, TimeSpan retention, int daysAhead, CancellationToken cancellationToken)
    {
        var key = AdvisoryLockKey.For("partitions", _schema);
        var locked = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT pg_try_advisory_lock(@key)", new { key }, cancellationToken: cancellationToken));
        if (!locked)
        {
            return false;
        }

        try
        {
            var cutoff = now - retention;
            var existing = await ListPartitionDaysAsync(connection, cancellationToken);

            foreach (var day in existing.Where(d => Start(d.AddDays(1)) <= cutoff))
            {
                var name = PartitionName(day);
                await connection.ExecuteAsync(new CommandDefinition(
                    $"DROP TABLE IF EXISTS {_quotedSchema}.{name}", cancellationToken: cancellationToken));
                LogPartitionDropped(_logger, name, _schema);
            }

            await connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM {_quotedSchema}.events_default WHERE time < @cutoff", new { cutoff }, cancellationToken: cancellationToken));

            // Today, yesterday (late events) and the days ahead, plus any day whose events wait in the default partition.
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            var wanted = new SortedSet<DateOnly>(Enumerable.Range(-1, daysAhead + 2).Select(today.AddDays));
            var stranded = await connection.QueryAsync<DateTime>(new CommandDefinition(
                $"SELECT DISTINCT date_trunc('day', time AT TIME ZONE 'UTC') FROM {_quotedSchema}.events_default",
                cancellationToken: cancellationToken));
            wanted.UnionWith(stranded.Select(DateOnly.FromDateTime));

            foreach (var day in wanted.Where(d => Start(d.AddDays(1)) > cutoff && !existing.Contains(d)))
            {
                await CreatePartitionAsync(connection, day, cancellationToken);
            }

            return true;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key }, cancellationToken: CancellationToken.None));
        }
    }

    /// <summary>The UTC days that have a partition.</summary>
    public async Task<HashSet<DateOnly>> ListPartitionDaysAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var names = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = @parent::regclass",
            new { parent = _quotedSchema + ".events" },
            cancellationToken: cancellationToken));
        var days = new HashSet<DateOnly>();
        foreach (var name in names)
        {
            if (name.StartsWith(PartitionPrefix, StringComparison.Ordinal)
                && DateOnly.TryParseExact(name.AsSpan(PartitionPrefix.Length), DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                days.Add(day);
            }
        }

        return days;
    }

    private async Task CreatePartitionAsync(NpgsqlConnection connection, DateOnly day, CancellationToken cancellationToken)
    {
        // Attaching scans the default partition for rows of that day; moving them first in the same transaction
        // means a late or backfilled event is never rejected and never lost.
        var name = PartitionName(day);
        var from = Literal(Start(day));
        var to = Literal(Start(day.AddDays(1)));
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            LOCK TABLE {_quotedSchema}.events_default IN SHARE ROW EXCLUSIVE MODE;
            CREATE TABLE {_quotedSchema}.{name} (LIKE {_quotedSchema}.events INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
            WITH moved AS (
                DELETE FROM {_quotedSchema}.events_default WHERE time >= {from} AND time < {to} RETURNING *)
            INSERT INTO {_quotedSchema}.{name} SELECT * FROM moved;
            ALTER TABLE {_quotedSchema}.events ATTACH PARTITION {_quotedSchema}.{name} FOR VALUES FROM ({from}) TO ({to});
            """,
            transaction: transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        LogPartitionCreated(_logger, name, _schema);
    }

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static string PartitionName(DateOnly day) => PartitionPrefix + day.ToString(DayFormat, CultureInfo.InvariantCulture);

    // Built from a DateOnly we computed, never from user text; DDL bounds cannot be parameters.
    private static string Literal(DateTimeOffset instant) =>
        "'" + instant.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "+00'";

    [LoggerMessage(EventId = AnalyticsLogEvents.PartitionCreated, Level = LogLevel.Information, Message = "Created partition {Partition} in schema {Schema}")]
    private static partial void LogPartitionCreated(ILogger logger, string partition, string schema);

    [LoggerMessage(EventId = AnalyticsLogEvents.PartitionDropped, Level = LogLevel.Information, Message = "Dropped expired partition {Partition} in schema {Schema}")]
    private static partial void LogPartitionDropped(ILogger logger, string partition, string schema);
}
