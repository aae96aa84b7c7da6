using System.Security.Cryptography;
using System.Text;

namespace Analytics.ApiKeys;

/// <summary>
/// The form of a key: <c>ak_</c>, 8 characters that name it (its prefix, shown in lists) and 48 secret ones, all from
/// the lower-case base32 alphabet (a-z, 2-7), 280 random bits in all. Recognisable in a leaked file, easy to select with
/// a double click, and with nothing to escape in a header or a shell.
/// </summary>
internal static class ApiKeyText
{
    /// <summary>What every key starts with.</summary>
    public const string Marker = "ak_";

    /// <summary>The length of a key's prefix: the marker and 8 characters.</summary>
    public const int PrefixLength = 11;

    /// <summary>The length of a whole key.</summary>
    public const int KeyLength = PrefixLength + 48;

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>A new key from the system's cryptographic random generator.</summary>
    public static string Generate() => Marker + RandomNumberGenerator.GetString(Alphabet, KeyLength - Marker.Length);

    /// <summary>Whether <paramref name="text"/> has the form of a key (not whether the key exists).</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> text) =>
        text.Length == KeyLength && text.StartsWith(Marker, StringComparison.Ordinal) && IsBase32(text[Marker.Length..]);

    /// <summary>Whether <paramref name="text"/> has the form of a prefix.</summary>
    public static bool IsPrefix(ReadOnlySpan<char> text) =>
        text.Length == PrefixLength && text.StartsWith(Marker, StringComparison.Ordinal) && IsBase32(text[Marker.Length..]);

    /// <summary>The SHA-256 hash of the key's UTF-8 bytes.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>The name of a scope as stored and as the command line takes it.</summary>
    public static string ScopeName(ApiKeyScope scope) => scope == ApiKeyScope.Ingest ? "ingest" : "read";

    /// <summary>Parses a stored or typed scope name.</summary>
    public static bool TryParseScope(string? text, out ApiKeyScope scope)
    {
        scope = ApiKeyScope.Read;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "read":
                return true;
            case "ingest":
                scope = ApiKeyScope.Ingest;
                return true;
            default:
                return false;
        }
    }

    private static bool IsBase32(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '2' and <= '7')))
            {
                return false;
            }
        }

        return true;
    }
}
