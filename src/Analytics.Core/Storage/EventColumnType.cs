namespace Analytics.Storage;

/// <summary>The kind of value an <see cref="EventColumn"/> holds, which each store maps to its own SQL type.</summary>
public enum EventColumnType
{
    /// <summary>A UUID.</summary>
    Uuid,

    /// <summary>A UTC instant with microseconds.</summary>
    Timestamp,

    /// <summary>Text.</summary>
    Text,

    /// <summary>A 16-bit integer.</summary>
    SmallWholeNumber,

    /// <summary>A 32-bit integer.</summary>
    WholeNumber,

    /// <summary>A 64-bit integer.</summary>
    LargeWholeNumber,

    /// <summary>True or false.</summary>
    Boolean,

    /// <summary>A list of texts.</summary>
    TextArray,
}
