namespace Analytics.Querying;

/// <summary>The calendar unit of a <see cref="TimeBucketWidth"/>.</summary>
public enum TimeBucketUnit
{
    /// <summary>Minutes.</summary>
    Minute,

    /// <summary>Hours.</summary>
    Hour,

    /// <summary>Calendar days in the reporting time zone.</summary>
    Day,

    /// <summary>Weeks starting on Monday in the reporting time zone.</summary>
    Week,

    /// <summary>Calendar months in the reporting time zone.</summary>
    Month,
}
