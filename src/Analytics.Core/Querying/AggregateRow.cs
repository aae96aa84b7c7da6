using System.Text.Json.Serialization;

namespace Analytics.Querying;

/// <summary>One row of the aggregate: page views of one page from one OS family within one time bucket.</summary>
public sealed record AggregateRow
{
    /// <summary>The start of the bucket, with the reporting time zone's offset at that instant.</summary>
    [JsonPropertyName("bucket")]
    public required DateTimeOffset Bucket { get; init; }

    /// <summary>The page.</summary>
    [JsonPropertyName("page")]
    public required string Page { get; init; }

    /// <summary>The operating-system family.</summary>
    [JsonPropertyName("operating_system")]
    public required string OperatingSystem { get; init; }

    /// <summary>Mean of the durations that were given; null when none was.</summary>
    [JsonPropertyName("avg_duration")]
    public double? AvgDuration { get; init; }

    /// <summary>Number of page views.</summary>
    [JsonPropertyName("count")]
    public required long Count { get; init; }
}
