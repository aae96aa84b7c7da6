using System.Text.Json;

namespace Analytics.UserAgentAccuracy;

/// <summary>Reads monperrus/crawler-user-agents: an array of patterns, each with real user-agent instances.</summary>
internal static class CrawlerCorpusReader
{
    /// <summary>Every instance, labelled with the pattern it was listed under.</summary>
    public static List<LabelledUserAgent> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        var instances = new List<LabelledUserAgent>();
        foreach (var crawler in document.RootElement.EnumerateArray())
        {
            var pattern = crawler.GetProperty("pattern").GetString() ?? "";
            if (!crawler.TryGetProperty("instances", out var list))
            {
                continue;
            }

            foreach (var instance in list.EnumerateArray())
            {
                if (instance.GetString() is { Length: > 0 } userAgent)
                {
                    instances.Add(new LabelledUserAgent(userAgent, pattern, null));
                }
            }
        }

        return instances;
    }
}
