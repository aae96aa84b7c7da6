using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Analytics.AspNetCore.Tests.Infrastructure;

/// <summary>One row of GET /api/events, with the bucket written back as "yyyy-MM-ddTHH:mm:sszzz" (offset kept).</summary>
public sealed record AggregateRow(string Bucket, string Page, string OperatingSystem, double? AvgDuration, long Count)
{
    public override string ToString() =>
        $"{Bucket} {Page} {OperatingSystem} avg={AvgDuration?.ToString(CultureInfo.InvariantCulture) ?? "null"} count={Count}";
}

internal static class AggregateRows
{
    /// <summary>Gets the aggregate at <paramref name="pathAndQuery"/> and reads its rows, checking each row's shape.</summary>
    public static async Task<List<AggregateRow>> GetAsync(HttpClient client, string pathAndQuery)
    {
        using var response = await client.GetAsync(pathAndQuery);
        var json = await Api.ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Array, json.ValueKind);
        var rows = new List<AggregateRow>();
        foreach (var row in json.EnumerateArray())
        {
            Assert.Equal(
                ["avg_duration", "bucket", "count", "operating_system", "page", "visitors"],
                row.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            var avg = row.GetProperty("avg_duration");
            rows.Add(new AggregateRow(
                Normalize(row.GetProperty("bucket").GetString()!),
                row.GetProperty("page").GetString()!,
                row.GetProperty("operating_system").GetString()!,
                avg.ValueKind == JsonValueKind.Null ? null : avg.GetDouble(),
                row.GetProperty("count").GetInt64()));
        }

        return rows;
    }

    /// <summary>Gets the aggregate at <paramref name="pathAndQuery"/> as raw JSON rows, for the fields a grouping adds.</summary>
    public static async Task<List<JsonElement>> GetJsonAsync(HttpClient client, string pathAndQuery)
    {
        using var response = await client.GetAsync(pathAndQuery);
        var json = await Api.ReadJsonAsync(response, HttpStatusCode.OK);
        return json.EnumerateArray().ToList();
    }

    /// <summary>Asserts the rows are exactly <paramref name="expected"/>, in that order, showing both on failure.</summary>
    public static void AssertRows(IEnumerable<AggregateRow> expected, IReadOnlyList<AggregateRow> actual)
    {
        var expectedList = expected.ToList();
        Assert.True(
            expectedList.SequenceEqual(actual),
            $"Expected:\n  {string.Join("\n  ", expectedList)}\nActual:\n  {string.Join("\n  ", actual)}");
    }

    private static string Normalize(string bucket) =>
        DateTimeOffset.Parse(bucket, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
            .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
