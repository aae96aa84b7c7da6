using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Analytics.Ingestion;
using Analytics.Querying.Stats;

namespace Analytics.AspNetCore.Stats;

/// <summary>
/// Reads Plausible's filter arrays: <c>[operator, dimension, [values]]</c> with an optional
/// <c>{"case_sensitive": false}</c> (not on <c>matches</c>), and <c>["and", [...]]</c>, <c>["or", [...]]</c>,
/// <c>["not", filter]</c>. Bounded in depth, values and pattern length, so no body makes an expensive query.
/// </summary>
internal sealed class StatsFilterReader
{
    /// <summary>The deepest nesting of <c>and</c>, <c>or</c> and <c>not</c>.</summary>
    public const int MaxDepth = 8;

    /// <summary>The most values in all the filters of a query.</summary>
    public const int MaxValues = 1000;

    /// <summary>The longest regular expression of <c>matches</c>.</summary>
    public const int MaxPatternLength = 256;

    /// <summary>
    /// The most regular expressions one query may hold: PostgreSQL keeps 32 compiled patterns per connection, and more
    /// would be compiled again for every row.
    /// </summary>
    public const int MaxPatterns = 16;

    /// <summary>The largest bound of a counted repetition (<c>{m,n}</c>), and how many one pattern may have.</summary>
    public const int MaxRepetitionBound = 100;

    /// <inheritdoc cref="MaxRepetitionBound"/>
    public const int MaxCountedRepetitions = 2;

    private const string Operators = "is, is_not, contains, contains_not, matches, matches_not, and, or, not";

    // Constructs PostgreSQL's and RE2's (DuckDB's) syntax do not share: refused, so both stores run every pattern.
    private static readonly string[] UnsharedRegexConstructs = ["(?=", "(?!", "(?<", "(?>", "(?P", "(?#"];

    private readonly ValidationErrors _errors;
    private int _values;
    private int _patterns;
    private string _field = "filters";

    private StatsFilterReader(ValidationErrors errors)
    {
        _errors = errors;
    }

    /// <summary>Whether a filter on <c>event:page</c> was read, at any depth.</summary>
    public bool FiltersEventPage { get; private set; }

    /// <summary>The filters of <paramref name="filters"/>, or null with the problems in <paramref name="errors"/>, under <c>filters[i]</c>.</summary>
    public static IReadOnlyList<StatsFilter>? Read(JsonElement filters, ValidationErrors errors, out bool filtersEventPage)
    {
        ArgumentNullException.ThrowIfNull(errors);
        filtersEventPage = false;
        if (filters.ValueKind != JsonValueKind.Array)
        {
            errors.Add("filters", "Must be an array of filters, such as [[\"is\", \"visit:source\", [\"Google\"]]].");
            return null;
        }

        var reader = new StatsFilterReader(errors);
        var result = new List<StatsFilter>();
        var index = 0;
        foreach (var filter in filters.EnumerateArray())
        {
            reader._field = $"filters[{index++}]";
            if (reader.ReadFilter(filter, 1) is { } parsed)
            {
                result.Add(parsed);
            }
        }

        filtersEventPage = reader.FiltersEventPage;
        return result.Count == index ? result : null;
    }

    private StatsFilter? ReadFilter(JsonElement filter, int depth)
    {
        if (filter.ValueKind != JsonValueKind.Array || filter.GetArrayLength() < 2 || JsonText.StringOrNull(filter[0]) is not { } op)
        {
            return Fail(filter, "a filter is an array that starts with its operator.");
        }

        if (depth > MaxDepth)
        {
            return Fail(filter, $"filters nest at most {MaxDepth} deep.");
        }

        return op switch
        {
            "and" or "or" => ReadGroup(filter, op, depth),
            "not" => filter.GetArrayLength() == 2 && ReadFilter(filter[1], depth + 1) is { } inner
                ? new StatsNot(inner)
                : Fail(filter, "use [\"not\", filter].", onlyIfNew: true),
            _ => Operator(op) is { } condition
                ? ReadCondition(filter, condition)
                : Fail(filter, $"unknown operator \"{ValidationErrors.Shorten(op)}\". Valid operators are {Operators}."),
        };
    }

    private StatsFilter? ReadGroup(JsonElement filter, string op, int depth)
    {
        if (filter.GetArrayLength() != 2 || filter[1].ValueKind != JsonValueKind.Array || filter[1].GetArrayLength() == 0)
        {
            return Fail(filter, $"use [\"{op}\", [filter, ...]] with at least one filter.");
        }

        var children = new List<StatsFilter>();
        foreach (var child in filter[1].EnumerateArray())
        {
            if (ReadFilter(child, depth + 1) is not { } parsed)
            {
                return null;
            }

            children.Add(parsed);
        }

        return op == "and" ? new StatsAnd(children) : new StatsOr(children);
    }

    private StatsCondition? ReadCondition(JsonElement filter, StatsFilterOperator op)
    {
        var length = filter.GetArrayLength();
        if (length is not (3 or 4) || filter[2].ValueKind != JsonValueKind.Array)
        {
            return FailCondition(filter, "use [operator, dimension, [values]] or [operator, dimension, [values], {\"case_sensitive\": false}].");
        }

        var name = JsonText.StringOrNull(filter[1]);
        var dimension = name is null ? null : StatsDimension.Find(name);
        if (dimension is null || name == "time")
        {
            return name is not null && (name == "time" || name.StartsWith("time:", StringComparison.Ordinal))
                ? FailCondition(filter, "time dimensions cannot be filtered; use date_range.")
                : FailCondition(filter, $"unknown dimension {JsonText.Shorten(filter[1])}. Valid dimensions are {StatsRequestReader.DimensionList}.");
        }

        if (dimension.Kind == StatsDimensionKind.Time)
        {
            return FailCondition(filter, "time dimensions cannot be filtered; use date_range.");
        }

        var isPattern = op is StatsFilterOperator.Matches or StatsFilterOperator.MatchesNot;
        var caseSensitive = true;
        if (length == 4)
        {
            if (isPattern)
            {
                return FailCondition(filter, "the case_sensitive modifier is not allowed on matches and matches_not.");
            }

            if (ReadModifiers(filter[3]) is not { } modifier)
            {
                return FailCondition(filter, "the only modifier is {\"case_sensitive\": true|false}.");
            }

            caseSensitive = modifier;
        }

        var values = new List<string>();
        foreach (var item in filter[2].EnumerateArray())
        {
            if (JsonText.StringOrNull(item) is not { } value || value.Contains('\0', StringComparison.Ordinal))
            {
                return FailCondition(filter, "values must be strings (without NUL characters).");
            }

            if (isPattern && PatternProblem(value) is { } problem)
            {
                return FailCondition(filter, problem);
            }

            if (isPattern && ++_patterns > MaxPatterns)
            {
                return FailCondition(filter, $"a query holds at most {MaxPatterns} regular expressions.");
            }

            values.Add(value);
        }

        if (values.Count == 0)
        {
            return FailCondition(filter, "give at least one value.");
        }

        _values += values.Count;
        if (_values > MaxValues)
        {
            return FailCondition(filter, $"the filters of a query hold at most {MaxValues} values in all.");
        }

        FiltersEventPage |= dimension.Name == "event:page";
        return new StatsCondition(op, dimension, values, caseSensitive);
    }

    private static bool? ReadModifiers(JsonElement modifiers)
    {
        if (modifiers.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        bool? caseSensitive = true;
        foreach (var property in modifiers.EnumerateObject())
        {
            caseSensitive = property.NameEquals("case_sensitive") && property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? property.Value.GetBoolean()
                : null;
            if (caseSensitive is null)
            {
                return null;
            }
        }

        return caseSensitive;
    }

    private static string? PatternProblem(string pattern)
    {
        if (pattern.Length > MaxPatternLength)
        {
            return $"a regular expression is at most {MaxPatternLength} characters.";
        }

        if (UnsharedRegexConstructs.Any(c => pattern.Contains(c, StringComparison.Ordinal)) || HasBackreference(pattern))
        {
            return "lookarounds, named or atomic groups and backreferences are not supported in regular expressions.";
        }

        // PostgreSQL compiles counted repetition by copying: nested bounds multiply into a pattern that takes seconds
        // to compile, so bounds are small and few.
        if (CountedRepetitionProblem(pattern) is { } repetition)
        {
            return repetition;
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return null;
        }
        catch (ArgumentException)
        {
            return $"\"{ValidationErrors.Shorten(pattern)}\" is not a valid regular expression.";
        }
    }

    private static string? CountedRepetitionProblem(string pattern)
    {
        var counted = 0;
        foreach (Match repetition in Regex.Matches(pattern, @"(?<!\\)\{(\d*)(?:,(\d*))?\}", RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            counted++;
            foreach (var bound in new[] { repetition.Groups[1].Value, repetition.Groups[2].Value })
            {
                if (bound.Length > 0 && (bound.Length > 4 || int.Parse(bound, CultureInfo.InvariantCulture) > MaxRepetitionBound))
                {
                    return $"a counted repetition in a regular expression is at most {{{MaxRepetitionBound}}}.";
                }
            }
        }

        return counted > MaxCountedRepetitions
            ? $"a regular expression holds at most {MaxCountedRepetitions} counted repetitions ({{m,n}})."
            : null;
    }

    private static bool HasBackreference(string pattern)
    {
        for (var i = 0; i < pattern.Length - 1; i++)
        {
            if (pattern[i] == '\\')
            {
                if (pattern[i + 1] is (>= '1' and <= '9') or 'k')
                {
                    return true;
                }

                i++;
            }
        }

        return false;
    }

    private static StatsFilterOperator? Operator(string op) => op switch
    {
        "is" => StatsFilterOperator.Is,
        "is_not" => StatsFilterOperator.IsNot,
        "contains" => StatsFilterOperator.Contains,
        "contains_not" => StatsFilterOperator.ContainsNot,
        "matches" => StatsFilterOperator.Matches,
        "matches_not" => StatsFilterOperator.MatchesNot,
        _ => null,
    };

    private StatsCondition? FailCondition(JsonElement filter, string reason)
    {
        Fail(filter, reason);
        return null;
    }

    private StatsFilter? Fail(JsonElement filter, string reason, bool onlyIfNew = false)
    {
        // A nested filter reports its own problem; its parents add nothing to it.
        if (!onlyIfNew || !_errors.Contains(_field))
        {
            _errors.Add(_field, $"Invalid filter {JsonText.Shorten(filter)}: {reason}");
        }

        return null;
    }
}
