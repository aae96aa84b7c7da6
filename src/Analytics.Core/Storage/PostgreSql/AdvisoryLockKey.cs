using System.Text;

namespace Analytics.Storage.PostgreSql;

/// <summary>Stable 64-bit keys for <c>pg_advisory_lock</c>, one per purpose and schema.</summary>
internal static class AdvisoryLockKey
{
    /// <summary>FNV-1a of "analytics:{purpose}:{schema}": stable across processes and versions, unlike string.GetHashCode.</summary>
    public static long For(string purpose, string schema)
    {
        const ulong offsetBasis = 14695981039346656037;
        const ulong prime = 1099511628211;
        var hash = offsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes($"analytics:{purpose}:{schema}"))
        {
            hash = (hash ^ b) * prime;
        }

        return unchecked((long)hash);
    }
}
