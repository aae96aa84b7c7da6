using System.Globalization;
using System.Reflection;
using System.Text;

namespace Analytics.Storage.PostgreSql;

/// <summary>
/// The versioned DDL scripts embedded in this assembly: those in <c>Scripts/Common</c> plus those of one
/// <see cref="PostgreSqlFlavor"/>, ordered by the number their file names start with.
/// </summary>
internal static class PostgreSqlSchemaScripts
{
    private const string ResourcePrefix = "Analytics.PostgreSql.";
    private const string SchemaPlaceholder = "__schema__";

    /// <summary>A script: its version (the number its file name starts with), name and text.</summary>
    public sealed record Script(int Version, string Name, string Sql);

    /// <summary>The highest version this code knows.</summary>
    public static int LatestVersion { get; } = Load(PostgreSqlFlavor.Native).Max(s => s.Version);

    /// <summary>The scripts of <paramref name="flavor"/>, in version order, with the quoted schema substituted.</summary>
    public static IReadOnlyList<Script> For(PostgreSqlFlavor flavor, string quotedSchema) =>
        Load(flavor).Select(s => s with { Sql = s.Sql.Replace(SchemaPlaceholder, quotedSchema, StringComparison.Ordinal) }).ToArray();

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

    /// <summary>Everything a DBA runs to create the schema by hand, version rows included.</summary>
    public static string Export(PostgreSqlFlavor flavor, string quotedSchema)
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

        return text.ToString();
    }

    private static Script[] Load(PostgreSqlFlavor flavor)
    {
        var assembly = typeof(PostgreSqlSchemaScripts).Assembly;
        string[] prefixes = [ResourcePrefix + "Common/", ResourcePrefix + flavor + "/"];
        return assembly.GetManifestResourceNames()
            .Select(name => (Name: name, Prefix: Array.Find(prefixes, p => name.StartsWith(p, StringComparison.Ordinal))))
            .Where(resource => resource.Prefix is not null)
            .Select(resource => Read(assembly, resource.Name, resource.Name[resource.Prefix!.Length..]))
            .OrderBy(s => s.Version)
            .ToArray();
    }

    private static Script Read(Assembly assembly, string resource, string fileName)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var version = int.Parse(fileName.AsSpan(0, fileName.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
        return new Script(version, Path.GetFileNameWithoutExtension(fileName), reader.ReadToEnd());
    }
}
