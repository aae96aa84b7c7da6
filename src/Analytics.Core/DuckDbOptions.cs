using System.Globalization;

namespace Analytics;

/// <summary>
/// Resource bounds of the embedded DuckDB store (<see cref="AnalyticsOptions.DuckDb"/>, configuration section
/// <c>Analytics:DuckDb</c>). DuckDB's own defaults (80% of the machine's memory, a thread per core) suit a database
/// server, not a library inside someone else's process; these defaults do.
/// </summary>
public sealed class DuckDbOptions
{
    /// <summary>The most memory the DuckDB store uses by default: 1 GiB.</summary>
    public const string DefaultMemoryLimit = "1GiB";

    /// <summary>
    /// The most memory DuckDB may use for its buffers and queries, as a number and a unit: <c>512MiB</c>, <c>1GiB</c>,
    /// <c>2GB</c> (KB, MB, GB, TB count in thousands; KiB, MiB, GiB, TiB in 1024s). Past it DuckDB spills to a
    /// temporary directory beside the file, or the query fails (503). Default <see cref="DefaultMemoryLimit"/>.
    /// </summary>
    public string MemoryLimit { get; set; } = DefaultMemoryLimit;

    /// <summary>The threads DuckDB runs a query on; null (the default) means the machine's cores, at most four.</summary>
    public int? Threads { get; set; }

    /// <summary>The threads to use: <see cref="Threads"/>, or the cores up to four.</summary>
    public int EffectiveThreads => Threads ?? Math.Min(Environment.ProcessorCount, 4);

    /// <summary>
    /// Reads a memory size: digits (with an optional fraction), optional spaces, then one of B, KB, MB, GB, TB, KiB,
    /// MiB, GiB, TiB (any case). Anything else is refused, so that the value can never carry SQL.
    /// </summary>
    public static bool TryParseMemoryLimit(string? text, out long bytes)
    {
        bytes = 0;
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value) || value.Length > 32)
        {
            return false;
        }

        var end = 0;
        while (end < value.Length && (char.IsAsciiDigit(value[end]) || value[end] == '.'))
        {
            end++;
        }

        if (end == 0 || !decimal.TryParse(value.AsSpan(0, end), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        long? unit = value[end..].Trim().ToUpperInvariant() switch
        {
            "B" => 1,
            "KB" => 1000L,
            "MB" => 1000L * 1000,
            "GB" => 1000L * 1000 * 1000,
            "TB" => 1000L * 1000 * 1000 * 1000,
            "KIB" => 1L << 10,
            "MIB" => 1L << 20,
            "GIB" => 1L << 30,
            "TIB" => 1L << 40,
            _ => null,
        };
        if (unit is not { } multiplier || number > long.MaxValue / multiplier)
        {
            return false;
        }

        bytes = (long)(number * multiplier);
        return bytes > 0;
    }
}
