using System.Text.Json.Serialization;

namespace Analytics.Querying;

/// <summary>One row of the aggregate: page views of one page from one OS family (and, when grouped by them,
/// one browser, device type or traffic source) within one time bucket.</summary>
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

    /// <summary>The browser family, when the query groups by it.</summary>
    [JsonPropertyName("browser")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Browser { get; init; }

    /// <summary>The device type, when the query groups by it.</summary>
    [JsonPropertyName("device_type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DeviceType { get; init; }

    /// <summary>The traffic source, when the query groups by it.</summary>
    [JsonPropertyName("referrer_source")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReferrerSource { get; init; }

    /// <summary>Mean of the durations that were given; null when none was.</summary>
    [JsonPropertyName("avg_duration")]
    public double? AvgDuration { get; init; }

    /// <summary>Number of page views.</summary>
    [JsonPropertyName("count")]
    public required long Count { get; init; }

    /// <summary>
    /// Unique visitors among those page views (distinct <see cref="Events.AnalyticsEvent.VisitorId"/>). A visitor hash
    /// changes every day, so over a bucket longer than a day this counts visitor-days.
    /// </summary>
    [JsonPropertyName("visitors")]
    public long Visitors { get; init; }
}
