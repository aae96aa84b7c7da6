using System.Globalization;
using System.Reflection;
using System.Text;

namespace Analytics.Storage;

/// <summary>
/// One versioned DDL script embedded in a store's assembly: its version is the number its file name starts with
/// (<c>0002_event_ids.sql</c>), and <c>__schema__</c> in its text stands for the quoted schema.
/// </summary>
internal sealed record SchemaScript(int Version, string Name, string Sql)
{
    private const string SchemaPlaceholder = "__schema__";

    /// <summary>The script with <paramref name="quotedSchema"/> in place of the placeholder.</summary>
    public SchemaScript For(string quotedSchema) => this with { Sql = Sql.Replace(SchemaPlaceholder, quotedSchema, StringComparison.Ordinal) };

    /// <summary>The <c>.sql</c> resources of <paramref name="assembly"/> under any of <paramref name="prefixes"/>, in version order.</summary>
    public static SchemaScript[] Load(Assembly assembly, params string[] prefixes) => assembly.GetManifestResourceNames()
        .Select(name => (Name: name, Prefix: Array.Find(prefixes, p => name.StartsWith(p, StringComparison.Ordinal))))
        .Where(resource => resource.Prefix is not null && resource.Name.EndsWith(".sql", StringComparison.Ordinal))
        .Select(resource => Read(assembly, resource.Name, resource.Name[resource.Prefix!.Length..]))
        .OrderBy(s => s.Version)
        .ToArray();

    private static SchemaScript Read(Assembly assembly, string resource, string fileName)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var version = int.Parse(fileName.AsSpan(0, fileName.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
        return new SchemaScript(version, Path.GetFileNameWithoutExtension(fileName), reader.ReadToEnd());
    }
}
