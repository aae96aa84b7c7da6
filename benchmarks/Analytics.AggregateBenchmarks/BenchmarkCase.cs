using Analytics.Querying;

namespace Analytics.AggregateBenchmarks;

/// <summary>One aggregate request of GET /api/events: width, range ending at the data's end, optional pages, reporting zone.</summary>
internal sealed record BenchmarkCase(string Name, string Zone, TimeBucketWidth Width, TimeSpan Range, IReadOnlyList<string> Pages)
{
    /// <summary>Derived fields the case groups by.</summary>
    public IReadOnlyList<AggregateDimension> GroupBy { get; init; } = [];

    /// <summary>Derived fields the case filters on.</summary>
    public IReadOnlyDictionary<AggregateDimension, IReadOnlyList<string>> Filters { get; init; } = new Dictionary<AggregateDimension, IReadOnlyList<string>>();

    private static readonly TimeSpan NinetyDays = TimeSpan.FromDays(90);

    public static IReadOnlyList<BenchmarkCase> All { get; } =
    [
        new("1 day, 90 days, all pages", "UTC", TimeBucketWidth.OneDay, NinetyDays, []),
        new("1 hour, last 7 days, all pages", "UTC", TimeBucketWidth.Create(1, TimeBucketUnit.Hour), TimeSpan.FromDays(7), []),
        new("1 day, 90 days, 5 popular pages", "UTC", TimeBucketWidth.OneDay, NinetyDays, [.. EventGenerator.Pages.Take(5)]),
        new("1 week, 90 days, all pages", "UTC", TimeBucketWidth.Create(1, TimeBucketUnit.Week), NinetyDays, []),
        new("1 day, 90 days, Europe/Berlin", "Europe/Berlin", TimeBucketWidth.OneDay, NinetyDays, []),
        new("1 day, 90 days, by referrer source", "UTC", TimeBucketWidth.OneDay, NinetyDays, []) { GroupBy = [AggregateDimension.ReferrerSource] },
        new("1 day, 90 days, mobile, by browser", "UTC", TimeBucketWidth.OneDay, NinetyDays, [])
        {
            GroupBy = [AggregateDimension.Browser],
            Filters = new Dictionary<AggregateDimension, IReadOnlyList<string>> { [AggregateDimension.DeviceType] = ["mobile"] },
        },
    ];

    public AggregateQuery Query(DateTime endUtc) => new()
    {
        Width = Width,
        From = new DateTimeOffset(endUtc - Range, TimeSpan.Zero),
        To = new DateTimeOffset(endUtc, TimeSpan.Zero),
        Pages = Pages,
        GroupBy = GroupBy,
        Filters = Filters,
    };
}
