using System.Security.Cryptography;

namespace Analytics.AspNetCore.Tracker;

/// <summary>
/// The browser tracker as the build embedded it: the minified script, pre-compressed with gzip and Brotli, and the
/// version (a hash of the content) that names it in a cache-forever URL.
/// </summary>
internal sealed class TrackerScript
{
    private const string ResourcePrefix = "Analytics.Tracker.analytics.js";

    private static readonly Lazy<TrackerScript> Embedded = new(Load);

    private TrackerScript(byte[] identity, byte[] gzip, byte[] brotli)
    {
        Identity = identity;
        Gzip = gzip;
        Brotli = brotli;
        Version = Convert.ToHexStringLower(SHA256.HashData(identity).AsSpan(0, 8));
    }

    /// <summary>The script embedded in this assembly.</summary>
    public static TrackerScript Instance => Embedded.Value;

    public byte[] Identity { get; }

    public byte[] Gzip { get; }

    public byte[] Brotli { get; }

    /// <summary>16 hex digits of the content's SHA-256: the <c>v</c> of the versioned URL and the base of the ETags.</summary>
    public string Version { get; }

    private static TrackerScript Load() =>
        new(Read(ResourcePrefix), Read(ResourcePrefix + ".gz"), Read(ResourcePrefix + ".br"));

    private static byte[] Read(string name)
    {
        using var stream = typeof(TrackerScript).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing: the build of Analytics.AspNetCore did not build the tracker (Tracker/client).");
        using var copy = new MemoryStream((int)stream.Length);
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
