using System.Globalization;
using System.Text;

namespace Analytics.Storage.DuckDb;

/// <summary>The versioned DDL scripts embedded in this assembly.</summary>
internal static class DuckDbSchemaScripts
{
    private const string ResourcePrefix = "Analytics.DuckDb.";
    private static readonly SchemaScript[] Embedded = SchemaScript.Load(typeof(DuckDbSchemaScripts).Assembly, ResourcePrefix);

    /// <summary>The highest version this code knows.</summary>
    public static int LatestVersion { get; } = Embedded.Max(s => s.Version);

    /// <summary>The scripts in version order, with the quoted schema substituted.</summary>
    public static IReadOnlyList<SchemaScript> For(string qualifiedSchema) => Embedded.Select(s => s.For(qualifiedSchema)).ToArray();

    /// <summary>The DDL that creates the schema and its version table.</summary>
    public static string VersionTable(string qualifiedSchema) => $"""
        CREATE SCHEMA IF NOT EXISTS {qualifiedSchema};
        CREATE TABLE IF NOT EXISTS {qualifiedSchema}.schema_versions (
            version     INTEGER   PRIMARY KEY,
            name        VARCHAR   NOT NULL,
            applied_at  TIMESTAMP NOT NULL DEFAULT make_timestamp(epoch_us(current_timestamp))
        );
        """;

    /// <summary>Everything needed to create the schema by hand (for example with the duckdb CLI), version rows included.</summary>
    public static string Export(string qualifiedSchema)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"-- Analytics schema {LatestVersion} (DuckDB) for {qualifiedSchema}. Run once against the database file, while no service has it open.");
        text.AppendLine(VersionTable(qualifiedSchema));
        foreach (var script in For(qualifiedSchema))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"-- {script.Name}");
            text.AppendLine(script.Sql);
            text.AppendLine(CultureInfo.InvariantCulture, $"INSERT INTO {qualifiedSchema}.schema_versions (version, name) VALUES ({script.Version}, '{script.Name}') ON CONFLICT DO NOTHING;");
        }

        return text.ToString();
    }
}
