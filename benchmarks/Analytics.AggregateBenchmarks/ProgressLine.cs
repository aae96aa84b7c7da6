using System.Diagnostics;

namespace Analytics.AggregateBenchmarks;

/// <summary>Events written, rate and ETA on one console line, rewritten in place (or a line per 5% when redirected).</summary>
internal sealed class ProgressLine(string name, long total)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _lastPercentPrinted = -1;

    public void Report(long written)
    {
        var seconds = _clock.Elapsed.TotalSeconds;
        var rate = written / Math.Max(seconds, 1e-3);
        var eta = TimeSpan.FromSeconds((total - written) / Math.Max(rate, 1e-3));
        var percent = (int)(100 * written / total);
        var text = $"{name}: {written,12:N0} / {total:N0} events ({percent,3}%)  {rate,9:N0} events/s  elapsed {Format(_clock.Elapsed)}  ETA {Format(eta)}";
        if (Console.IsOutputRedirected)
        {
            if (percent / 5 != _lastPercentPrinted / 5)
            {
                _lastPercentPrinted = percent;
                Console.WriteLine(text);
            }
        }
        else
        {
            Console.Write("\r" + text.PadRight(Math.Max(Console.WindowWidth - 1, text.Length)));
        }
    }

    public void Complete(long written, TimeSpan appending, TimeSpan finishing)
    {
        var wall = _clock.Elapsed;
        if (!Console.IsOutputRedirected)
        {
            Console.WriteLine();
        }

        Console.WriteLine(
            $"{name}: generated {written:N0} events in {Format(wall)}: {written / wall.TotalSeconds:N0} events/s overall, " +
            $"{written / appending.TotalSeconds:N0} events/s inside AppendAsync; then {finishing.TotalSeconds:F1} s to finish (maintenance, VACUUM ANALYZE / CHECKPOINT)");
    }

    private static string Format(TimeSpan span) => span.ToString(span.TotalHours >= 1 ? @"h\:mm\:ss" : @"mm\:ss", System.Globalization.CultureInfo.InvariantCulture);
}
