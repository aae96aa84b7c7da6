using Analytics.UserAgentAccuracy;

// Measures the user-agent parser against public corpora. Exit code 0 when every measured target is met, 1 when one
// is missed, 2 on a usage error.
string? osPath = null, uaPath = null, botsPath = null;
var misses = 15;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--os" when value is not null: osPath = value; i++; break;
        case "--ua" when value is not null: uaPath = value; i++; break;
        case "--bots" when value is not null: botsPath = value; i++; break;
        case "--misses" when int.TryParse(value, out misses): i++; break;
        default: return Usage($"unexpected argument '{args[i]}'");
    }
}

if (osPath is null && uaPath is null && botsPath is null)
{
    return Usage("give at least one corpus");
}

foreach (var path in new[] { osPath, uaPath, botsPath })
{
    if (path is not null && !File.Exists(path))
    {
        return Usage($"no such file: {path}");
    }
}

var report = new AccuracyReport(Console.Out, misses);
if (osPath is not null)
{
    report.OperatingSystems(osPath, UapCorpusReader.Read(osPath));
}

if (uaPath is not null)
{
    report.Browsers(uaPath, UapCorpusReader.Read(uaPath));
}

if (botsPath is not null)
{
    report.Bots(botsPath, CrawlerCorpusReader.Read(botsPath));
}

report.Summary();
return report.AllTargetsMet ? 0 : 1;

static int Usage(string problem)
{
    Console.Error.WriteLine($"error: {problem}");
    Console.Error.WriteLine("usage: Analytics.UserAgentAccuracy [--os test_os.yaml] [--ua test_ua.yaml] [--bots crawler-user-agents.json] [--misses N]");
    return 2;
}
