using System.Globalization;
using System.Text;

namespace Analytics.Storage.PostgreSql;

/// <summary>
/// The versioned DDL scripts embedded in this assembly: those in <c>Scripts/Common</c> plus those of one
/// <see cref="PostgreSqlFlavor"/>, ordered by the number their file names start with.
/// </summary>
internal static class PostgreSqlSchemaScripts
{
    private const string ResourcePrefix = "Analytics.PostgreSql.";
    /// <summary>The highest version this code knows.</summary>
    public static int LatestVersion { get; } = Load(PostgreSqlFlavor.Native).Max(s => s.Version);

    /// <summary>The scripts of <paramref name="flavor"/>, in version order, with the quoted schema substituted.</summary>
    public static IReadOnlyList<SchemaScript> For(PostgreSqlFlavor flavor, string quotedSchema) =>
        Load(flavor).Select(s => s.For(quotedSchema)).ToArray();

    /// <summary>The DDL that creates the version table.</summary>
    public static string VersionTable(string quotedSchema) => $"""
        CREATE SCHEMA IF NOT EXISTS {quotedSchema};
        CREATE TABLE IF NOT EXISTS {quotedSchema}.schema_versions (
            version     integer     PRIMARY KEY,
            flavor      text        NOT NULL,
            name        text        NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now()
        );
        """;

    /// <summary>
    /// Everything a DBA runs to create the schema by hand, version rows included; for TimescaleDB also the retention
    /// policy, which the bootstrapper would otherwise set and which nothing else sets when the schema is applied by hand.
    /// </summary>
    public static string Export(PostgreSqlFlavor flavor, string quotedSchema, TimeSpan retention)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"-- Analytics schema {LatestVersion} ({flavor}) for {quotedSchema}. Run once, as a role that may create tables there.");
        if (flavor == PostgreSqlFlavor.TimescaleDb)
        {
            text.AppendLine("CREATE EXTENSION IF NOT EXISTS timescaledb;");
        }

        text.AppendLine(VersionTable(quotedSchema));
        foreach (var script in For(flavor, quotedSchema))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"-- {script.Name}");
            text.AppendLine(script.Sql);
            text.AppendLine(CultureInfo.InvariantCulture, $"INSERT INTO {quotedSchema}.schema_versions (version, flavor, name) VALUES ({script.Version}, '{flavor}', '{script.Name}') ON CONFLICT DO NOTHING;");
        }

        if (flavor == PostgreSqlFlavor.TimescaleDb)
        {
            text.AppendLine(RetentionPolicy(quotedSchema, retention));
        }

        return text.ToString();
    }

    /// <summary>
    /// The TimescaleDB retention policy for Analytics:Retention, as SQL: chunks older than it are dropped in the
    /// background. Run it again after changing the retention.
    /// </summary>
    public static string RetentionPolicy(string quotedSchema, TimeSpan retention) => string.Create(
        CultureInfo.InvariantCulture,
        $"""
        -- Retention (Analytics:Retention, {retention}): TimescaleDB drops older chunks itself. Run again after changing it.
        SELECT remove_retention_policy('{quotedSchema}.events'::regclass, if_exists => TRUE);
        SELECT add_retention_policy('{quotedSchema}.events'::regclass, drop_after => INTERVAL '{(long)retention.TotalSeconds} seconds');
        """);

    private static SchemaScript[] Load(PostgreSqlFlavor flavor) =>
        SchemaScript.Load(typeof(PostgreSqlSchemaScripts).Assembly, ResourcePrefix + "Common/", ResourcePrefix + flavor + "/");
}
