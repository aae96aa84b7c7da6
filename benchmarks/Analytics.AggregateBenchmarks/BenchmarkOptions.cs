using System.Globalization;

namespace Analytics.AggregateBenchmarks;

internal sealed record BenchmarkOptions
{
    public const int BatchSize = 50_000;

    public int Events { get; init; } = 10_000_000;

    public string? PostgreSql { get; init; }

    public string DuckDbPath { get; init; } = Path.Combine(Path.GetTempPath(), "aggbench.duckdb");

    public int Runs { get; init; } = 7;

    public bool SkipGenerate { get; init; }

    /// <summary>
    /// Which set to time: "aggregate" (GET /api/events), "stats" (the stats API's dashboard set), "dashboard" (the
    /// dashboard's load time in Chromium) or "all".
    /// </summary>
    public string Set { get; init; } = "all";

    public static BenchmarkOptions? Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--events":
                    options = options with { Events = int.Parse(Value(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture) };
                    break;
                case "--postgres":
                    options = options with { PostgreSql = Value() };
                    break;
                case "--duckdb":
                    options = options with { DuckDbPath = Value() };
                    break;
                case "--runs":
                    options = options with { Runs = int.Parse(Value(), CultureInfo.InvariantCulture) };
                    break;
                case "--set":
                    options = options with { Set = Value() };
                    break;
                case "--skip-generate":
                    options = options with { SkipGenerate = true };
                    break;
                default:
                    Console.Error.WriteLine($"Unknown option {args[i]}.");
                    Console.Error.WriteLine("Options: --events N (10,000,000) --postgres CONNSTRING (PostgreSQL is skipped without it) --duckdb PATH (/tmp/aggbench.duckdb) --runs N (7) --skip-generate --set aggregate|stats|dashboard|all (all)");
                    return null;
            }
        }

        return options.Events > 0 && options.Runs > 0 ? options : throw new ArgumentException("--events and --runs must be positive.");
    }
}
