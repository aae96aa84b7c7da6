namespace Analytics.Querying.Stats;

/// <summary>How a <see cref="StatsCondition"/> compares a dimension with its values (any one value may match).</summary>
public enum StatsFilterOperator
{
    /// <summary>Equal to one of the values.</summary>
    Is,

    /// <summary>Equal to none of the values.</summary>
    IsNot,

    /// <summary>Contains one of the values.</summary>
    Contains,

    /// <summary>Contains none of the values.</summary>
    ContainsNot,

    /// <summary>Matches one of the regular expressions (unanchored).</summary>
    Matches,

    /// <summary>Matches none of the regular expressions.</summary>
    MatchesNot,
}
