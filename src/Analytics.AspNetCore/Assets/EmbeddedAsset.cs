using System.Reflection;
using System.Security.Cryptography;

namespace Analytics.AspNetCore.Assets;

/// <summary>
/// A front-end file as the build embedded it (the tracker, the dashboard's script and style sheet): minified,
/// pre-compressed with gzip and Brotli, and the version (a hash of the content) that names it in a cache-forever URL.
/// </summary>
internal sealed class EmbeddedAsset
{
    private EmbeddedAsset(string contentType, byte[] identity, byte[] gzip, byte[] brotli)
    {
        ContentType = contentType;
        Identity = identity;
        Gzip = gzip;
        Brotli = brotli;
        Version = Convert.ToHexStringLower(SHA256.HashData(identity).AsSpan(0, 8));
    }

    public string ContentType { get; }

    public byte[] Identity { get; }

    public byte[] Gzip { get; }

    public byte[] Brotli { get; }

    /// <summary>16 hex digits of the content's SHA-256: the <c>v</c> of the versioned URL and the base of the ETags.</summary>
    public string Version { get; }

    /// <summary>
    /// Reads the resource <paramref name="resourceName"/> and its <c>.gz</c> and <c>.br</c> siblings from
    /// <paramref name="assembly"/>; <paramref name="builtBy"/> names the npm project whose build should have made them,
    /// for the error.
    /// </summary>
    public static EmbeddedAsset Load(Assembly assembly, string resourceName, string contentType, string builtBy) => new(
        contentType,
        Read(assembly, resourceName, builtBy),
        Read(assembly, resourceName + ".gz", builtBy),
        Read(assembly, resourceName + ".br", builtBy));

    private static byte[] Read(Assembly assembly, string name, string builtBy)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing: the build of {assembly.GetName().Name} did not build {builtBy}.");
        using var copy = new MemoryStream((int)stream.Length);
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
