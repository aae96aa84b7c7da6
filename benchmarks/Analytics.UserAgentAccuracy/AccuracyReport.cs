using System.Globalization;
using Analytics.Enrichment;

namespace Analytics.UserAgentAccuracy;

/// <summary>Scores the parser on each corpus, prints the figures, the name mapping and the worst misses.</summary>
internal sealed class AccuracyReport(TextWriter output, int missesToShow)
{
    private const double OperatingSystemTarget = 95.0;
    private const double BrowserTarget = 90.0;
    private const double BotTarget = 97.0;

    private readonly List<string> _summary = [];

    public bool AllTargetsMet { get; private set; } = true;

    public void OperatingSystems(string path, List<LabelledUserAgent> cases)
    {
        Heading($"Operating system family: {path} ({cases.Count} cases)");
        Score("OS family", cases, FamilyMapping.OperatingSystems, static info => info.OperatingSystem, version: null,
            OperatingSystemTarget);
        Mapping(FamilyMapping.OperatingSystems);
    }

    public void Browsers(string path, List<LabelledUserAgent> cases)
    {
        Heading($"Browser family: {path} ({cases.Count} cases)");
        Score("Browser family", cases, FamilyMapping.Browsers, static info => info.Browser, static info => info.BrowserVersion,
            BrowserTarget);

        var flagged = cases.Where(c => FamilyMapping.Browsers.ContainsKey(c.Family) && UserAgentParser.Parse(c.UserAgent).IsBot)
            .ToList();
        output.WriteLine($"  cases of a browser we name that we flag as bots: {flagged.Count}");
        foreach (var bot in flagged)
        {
            output.WriteLine($"    [{bot.Family}] {bot.UserAgent}");
        }

        Mapping(FamilyMapping.Browsers);
    }

    public void Bots(string path, List<LabelledUserAgent> instances)
    {
        Heading($"Bots: {path} ({instances.Count} instances of {instances.Select(i => i.Family).Distinct().Count()} patterns)");
        var missed = instances.Where(i => !UserAgentParser.Parse(i.UserAgent).IsBot).ToList();
        var recognised = instances.Count - missed.Count;
        var patterns = instances.GroupBy(i => i.Family).ToList();
        var patternsFullyRecognised = patterns.Count(p => p.All(i => UserAgentParser.Parse(i.UserAgent).IsBot));
        Target("Bot instances recognised", recognised, instances.Count, BotTarget);
        output.WriteLine($"  patterns with every instance recognised: {patternsFullyRecognised} / {patterns.Count}");
        output.WriteLine($"  missed instances ({missed.Count}, first {Math.Min(missesToShow, missed.Count)}):");
        foreach (var miss in missed.Take(missesToShow))
        {
            output.WriteLine($"    {miss.UserAgent}");
        }
    }

    public void Summary()
    {
        Heading("Summary");
        foreach (var line in _summary)
        {
            output.WriteLine(line);
        }
    }

    private void Score(string what, List<LabelledUserAgent> cases, IReadOnlyDictionary<string, string> mapping,
        Func<UserAgentInfo, string> family, Func<UserAgentInfo, string?>? version, double target)
    {
        var scored = new List<(LabelledUserAgent Case, string Expected, UserAgentInfo Parsed)>();
        var unscored = new List<(LabelledUserAgent Case, UserAgentInfo Parsed)>();
        foreach (var c in cases)
        {
            var parsed = UserAgentParser.Parse(c.UserAgent);
            if (mapping.TryGetValue(c.Family, out var expected))
            {
                scored.Add((c, expected, parsed));
            }
            else
            {
                unscored.Add((c, parsed));
            }
        }

        var agreed = scored.Where(s => family(s.Parsed) == s.Expected).ToList();
        Target(what, agreed.Count, scored.Count, target);

        output.WriteLine("  per family (agreed / scored):");
        foreach (var group in scored.GroupBy(s => s.Expected).OrderByDescending(g => g.Count()))
        {
            output.WriteLine($"    {group.Key,-18} {group.Count(s => family(s.Parsed) == s.Expected),4} / {group.Count(),-4}");
        }

        if (version is not null)
        {
            var withVersion = agreed.Where(s => s.Case.Major is not null).ToList();
            var sameVersion = withVersion.Count(s => version(s.Parsed) == s.Case.Major);
            output.WriteLine($"  major version agrees on {sameVersion} of the {withVersion.Count} agreed cases that have one"
                + $" ({Percent(sameVersion, withVersion.Count)})");
        }

        var claimed = unscored.Where(u => family(u.Parsed) != Enrichment.Browsers.Other).ToList();
        output.WriteLine($"  not scored (corpus family we fold into Other): {unscored.Count}; we answered Other for"
            + $" {unscored.Count - claimed.Count}, a named family for {claimed.Count}:");
        foreach (var group in claimed.GroupBy(u => (u.Case.Family, Got: family(u.Parsed))).OrderByDescending(g => g.Count())
            .Take(missesToShow))
        {
            output.WriteLine($"    {group.Key.Family} -> {group.Key.Got} x{group.Count()}: {group.First().Case.UserAgent}");
        }

        var worst = scored.Where(s => family(s.Parsed) != s.Expected)
            .GroupBy(s => (s.Expected, Got: family(s.Parsed)))
            .OrderByDescending(g => g.Count())
            .Take(missesToShow)
            .ToList();
        output.WriteLine($"  worst misses (expected -> got, count, example):");
        foreach (var miss in worst)
        {
            var example = miss.First();
            var bot = example.Parsed.IsBot ? " [flagged as bot]" : "";
            output.WriteLine($"    {miss.Key.Expected} -> {miss.Key.Got} x{miss.Count()}: [{example.Case.Family}]{bot} {example.Case.UserAgent}");
        }
    }

    private void Target(string what, int hits, int total, double target)
    {
        var percent = total == 0 ? 0 : 100.0 * hits / total;
        var met = percent >= target;
        AllTargetsMet &= met;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"  {what}: {hits} / {total} = {percent:0.00}% (target >= {target}%: {(met ? "met" : "MISSED")})");
        output.WriteLine(line);
        _summary.Add(line);
    }

    private void Mapping(IReadOnlyDictionary<string, string> mapping)
    {
        output.WriteLine("  mapping (corpus family -> ours; every other corpus family is not scored):");
        foreach (var group in mapping.GroupBy(m => m.Value))
        {
            output.WriteLine($"    {group.Key} <- {string.Join(", ", group.Select(m => m.Key))}");
        }
    }

    private void Heading(string text)
    {
        output.WriteLine();
        output.WriteLine(text);
        output.WriteLine(new string('-', Math.Min(text.Length, 100)));
    }

    private static string Percent(int part, int whole) =>
        string.Create(CultureInfo.InvariantCulture, $"{(whole == 0 ? 0 : 100.0 * part / whole):0.0}%");
}
