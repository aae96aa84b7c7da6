using System.Globalization;
using System.Text;
using Analytics.Events;
using Analytics.Querying.Stats;
using Xunit.Sdk;

namespace Analytics.Testing.Stats;

/// <summary>Compares stats answers row for row, value and type, and prints a failure a person can replay.</summary>
public static class StatsAssert
{
    /// <summary>Throws, with the query, the events (when given) and a row diff, unless the answers are the same.</summary>
    public static void Equal(StatsResult expected, StatsResult actual, StatsQuery query, IReadOnlyList<AnalyticsEvent>? events = null)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(query);
        var expectedLines = expected.Rows.Select(FormatRow).ToList();
        var actualLines = actual.Rows.Select(FormatRow).ToList();
        if (expected.TotalRows == actual.TotalRows && expectedLines.SequenceEqual(actualLines, StringComparer.Ordinal))
        {
            return;
        }

        var message = new StringBuilder()
            .AppendLine("The store's stats answer differs from docs/stats-api.md's (expected = reference, actual = store).")
            .AppendLine(Describe(query))
            .AppendLine(CultureInfo.InvariantCulture, $"TotalRows: expected {expected.TotalRows}, actual {actual.TotalRows}")
            .AppendLine("Rows (' ' same, '-' expected only, '+' actual only):")
            .Append(Diff(expectedLines, actualLines));
        if (events is not null)
        {
            message.AppendLine(CultureInfo.InvariantCulture, $"Events ({events.Count}):");
            foreach (var e in events.OrderBy(e => e, Comparer<AnalyticsEvent>.Create(StatsReference.CompareEvents)))
            {
                message.AppendLine("  " + Describe(e));
            }
        }

        throw new XunitException(message.ToString());
    }

    /// <summary>One row: its dimension values, then its metrics, each with its type when not long or double.</summary>
    public static string FormatRow(StatsRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return "[" + string.Join(", ", row.Dimensions.Select(d => $"\"{d}\"")) + "] => [" + string.Join(", ", row.Metrics.Select(FormatValue)) + "]";
    }

    private static string FormatValue(object? value) => value switch
    {
        null => "null",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture) + "d",
        _ => $"{Convert.ToString(value, CultureInfo.InvariantCulture)}:{value.GetType().Name}",
    };

    /// <summary>A line diff by longest common subsequence: small answers, so the plain algorithm.</summary>
    private static string Diff(List<string> expected, List<string> actual)
    {
        var lcs = new int[expected.Count + 1, actual.Count + 1];
        for (var i = expected.Count - 1; i >= 0; i--)
        {
            for (var j = actual.Count - 1; j >= 0; j--)
            {
                lcs[i, j] = expected[i] == actual[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var text = new StringBuilder();
        int x = 0, y = 0;
        while (x < expected.Count || y < actual.Count)
        {
            if (x < expected.Count && y < actual.Count && expected[x] == actual[y])
            {
                text.AppendLine("    " + expected[x++]);
                y++;
            }
            else if (y < actual.Count && (x == expected.Count || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                text.AppendLine("  + " + actual[y++]);
            }
            else
            {
                text.AppendLine("  - " + expected[x++]);
            }
        }

        return text.ToString();
    }

    /// <summary>The query as one readable block.</summary>
    public static string Describe(StatsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return string.Join(
            Environment.NewLine,
            $"Query: site {query.Site}, [{query.From:O}, {query.To:O}) in {query.TimeZone.Id}",
            $"  metrics: {string.Join(", ", query.Metrics.Select(m => m.Name))}",
            $"  dimensions: {string.Join(", ", query.Dimensions.Select(d => d.Name))}",
            $"  filters: {string.Join(" AND ", query.Filters.Select(Describe))}",
            $"  order_by: {string.Join(", ", query.OrderBy.Select(o => $"{o.Name} {(o.Descending ? "desc" : "asc")}"))} (effective: {string.Join(", ", StatsReference.EffectiveOrder(query).Select(o => $"{o.Name} {(o.Descending ? "desc" : "asc")}"))})",
            $"  limit {query.Limit}, offset {query.Offset}");
    }

    public static string Describe(StatsFilter filter) => filter switch
    {
        StatsCondition c => $"{c.Dimension.Name} {c.Operator}{(c.CaseSensitive ? "" : " (ignoring case)")} [{string.Join(", ", c.Values.Select(v => $"\"{v}\""))}]",
        StatsAnd a => "(" + string.Join(" AND ", a.Filters.Select(Describe)) + ")",
        StatsOr o => "(" + string.Join(" OR ", o.Filters.Select(Describe)) + ")",
        StatsNot n => "NOT " + Describe(n.Filter),
        _ => filter?.ToString() ?? "null",
    };

    /// <summary>An event with the fields the stats read, null ones left out.</summary>
    public static string Describe(AnalyticsEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var fields = new List<string>
        {
            e.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            $"id {e.Id}",
            $"site {e.Site}",
            $"session {e.SessionId ?? "null"}",
            $"visitor {e.VisitorId?.ToString(CultureInfo.InvariantCulture) ?? "null"}",
            $"{e.Name}{(e.Interactive ? "" : " (non-interactive)")}{(e.IsBot ? " BOT" : "")}",
            $"page {e.Page}",
        };
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                fields.Add($"{name} \"{value}\"");
            }
        }

        Add("host", e.Hostname);
        Add("referrer", e.Referrer);
        Add("referrer_host", e.ReferrerHost);
        Add("source", e.ReferrerSource);
        Add("utm_source", e.UtmSource);
        Add("utm_medium", e.UtmMedium);
        Add("utm_campaign", e.UtmCampaign);
        Add("utm_content", e.UtmContent);
        Add("utm_term", e.UtmTerm);
        Add("device", e.DeviceType);
        Add("browser", e.Browser);
        Add("browser_version", e.BrowserVersion);
        Add("os", e.OperatingSystem);
        Add("os_version", e.OsVersion);
        Add("scroll_depth", e.ScrollDepth?.ToString(CultureInfo.InvariantCulture));
        Add("engagement_time", e.EngagementTime?.ToString(CultureInfo.InvariantCulture));
        if (e.Props.Count > 0)
        {
            fields.Add("props {" + string.Join(", ", e.Props.Select(p => $"{p.Key}: \"{p.Value}\"")) + "}");
        }

        return string.Join(" | ", fields);
    }
}
