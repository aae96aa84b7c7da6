using System.Buffers.Binary;
using System.Globalization;
using Analytics.Enrichment;
using Analytics.Events;

namespace Analytics.AggregateBenchmarks;

/// <summary>
/// Realistic synthetic page views, deterministic for a given count and end instant (seeded <see cref="Random"/>, ids
/// derived from it): 90 days ending at <c>end</c> with a daily and weekly rhythm and slow growth, Zipf-distributed
/// pages, a weighted mix of current real user agents, sessions of several page views with log-normal durations (some
/// missing). Events come out in time order, as a live service appends them.
/// </summary>
internal sealed class EventGenerator
{
    /// <summary>The site every generated event belongs to.</summary>
    public const string Site = "example.com";

    public const int PageCount = 500;
    public const double ZipfExponent = 1.1;
    public static readonly TimeSpan Span = TimeSpan.FromDays(90);

    // Share of page views by UTC hour of day: a European and American audience, low at night, peaks midday and evening.
    private static readonly double[] HourlyWeight =
    [
        0.30, 0.22, 0.17, 0.15, 0.16, 0.22, 0.38, 0.60, 0.82, 0.95, 1.00, 1.00,
        0.98, 1.00, 1.02, 1.05, 1.08, 1.06, 1.00, 0.95, 0.90, 0.80, 0.62, 0.42,
    ];

    // Monday .. Sunday.
    private static readonly double[] WeekdayWeight = [1.00, 1.02, 1.01, 0.98, 0.92, 0.70, 0.66];

    // Current (2025/2026) user agents weighted roughly like the browser/OS shares of general web traffic, with a
    // little crawler traffic and a few requests without a user agent.
    private static readonly (string? UserAgent, double Weight)[] UserAgents =
    [
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36", 17.0),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36", 5.0),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 Edg/142.0.0.0", 5.5),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:145.0) Gecko/20100101 Firefox/145.0", 3.0),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 OPR/124.0.0.0", 0.6),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36", 5.0),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.1 Safari/605.1.15", 3.5),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Safari/605.1.15", 1.2),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:145.0) Gecko/20100101 Firefox/145.0", 0.8),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 Edg/142.0.0.0", 0.5),
        ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36", 1.5),
        ("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0", 0.8),
        ("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36", 0.8),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1", 8.0),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 26_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.1 Mobile/15E148 Safari/604.1", 6.0),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/142.0.7444.77 Mobile/15E148 Safari/604.1", 2.0),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/530.0.0.38.106;FBBV/795000000;FBDV/iPhone16,2;FBMD/iPhone;FBSN/iOS;FBSV/18.6;FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/5]", 0.7),
        ("Mozilla/5.0 (iPad; CPU OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1", 1.5),
        ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36", 18.0),
        ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/29.0 Chrome/136.0.0.0 Mobile Safari/537.36", 2.5),
        ("Mozilla/5.0 (Linux; Android 15; SM-S931B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.7444.48 Mobile Safari/537.36", 2.0),
        ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.7390.122 Mobile Safari/537.36", 1.0),
        ("Mozilla/5.0 (Android 15; Mobile; rv:145.0) Gecko/145.0 Firefox/145.0", 0.4),
        ("Mozilla/5.0 (Linux; Android 14; 23129RAA4G Build/UKQ1.230804.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/141.0.7390.122 Mobile Safari/537.36 Instagram 404.0.0.37.70 Android", 0.8),
        ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36", 0.8),
        ("Mozilla/5.0 (Linux; U; Android 12; zh-cn; 2201123C Build/SKQ1.211006.001) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/100.0.4896.127 Mobile Safari/537.36 XiaoMi/MiuiBrowser/18.5.40902", 0.3),
        ("Mozilla/5.0 (Linux; Android 12; HarmonyOS; ALN-AL00; HMSCore 6.15.0.302) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.5735.196 HuaweiBrowser/15.0.4.312 Mobile Safari/537.36", 0.2),
        ("Mozilla/5.0 (Linux; x86_64) AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/142.0.7444.59 Safari/537.36", 0.8),
        ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", 0.3),
        ("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)", 0.2),
        (null, 0.3),
    ];

    private static readonly string?[] Referrers =
    [
        null, null, null, null, "https://www.google.com/", "https://www.google.com/", "https://www.google.com/",
        "https://www.bing.com/", "https://duckduckgo.com/", "https://t.co/", "https://www.linkedin.com/",
        "https://news.ycombinator.com/", "https://www.reddit.com/",
    ];

    private readonly int _total;
    private readonly DateTime _start;
    private readonly DateTime _end;

    public EventGenerator(int total, DateTime endUtc)
    {
        _total = total;
        _end = endUtc;
        _start = endUtc - Span;
    }

    /// <summary>The pages, most popular first.</summary>
    public static IReadOnlyList<string> Pages { get; } = BuildPages();

    /// <summary>The events in time order, exactly <c>total</c> of them, in lists of <paramref name="batchSize"/>.</summary>
    public IEnumerable<List<AnalyticsEvent>> Batches(int batchSize)
    {
        var random = new Random(20260301);
        var pageCdf = ZipfCdf(PageCount, ZipfExponent);
        var uaCdf = Cdf(UserAgents.Select(u => u.Weight).ToArray());
        var clients = UserAgents.Select(u => UserAgentParser.Parse(u.UserAgent)).ToArray();
        var operatingSystems = clients.Select(c => c.OperatingSystem).ToArray();
        var perHour = EventsPerHour(random);

        var batch = new List<AnalyticsEvent>(batchSize);
        var pending = new List<AnalyticsEvent>();
        long sessionNumber = 0;
        long visitors = 0;
        for (var hour = 0; hour < perHour.Length; hour++)
        {
            var hourStart = _start.AddHours(hour);
            var remaining = perHour[hour];
            while (remaining > 0)
            {
                // A session: 1 + geometric page views (mean about 3), starting anywhere in the hour.
                var views = 1;
                while (views < 30 && random.NextDouble() < 0.65)
                {
                    views++;
                }

                views = Math.Min(views, remaining);
                remaining -= views;
                var ua = Pick(uaCdf, random);
                var session = "s" + (++sessionNumber).ToString("x8", CultureInfo.InvariantCulture);
                var ip = IpFor(sessionNumber);

                // A visitor: four sessions in ten come from one seen before (a visitor id is per day in the service;
                // here it spans the range, which only makes distinct counts work harder).
                var visitor = visitors > 0 && random.NextDouble() < 0.4 ? random.NextInt64(1, visitors + 1) : ++visitors;
                var time = hourStart.AddTicks((long)(random.NextDouble() * TimeSpan.TicksPerHour));
                for (var v = 0; v < views; v++)
                {
                    var duration = Duration(random, last: v == views - 1);
                    var page = Pages[Pick(pageCdf, random)];
                    var referrer = v == 0 ? Referrers[random.Next(Referrers.Length)] : null;
                    var referrerHost = Analytics.Enrichment.Referrers.NormalizeHost(referrer);
                    if (time >= _end)
                    {
                        time = _end.AddMilliseconds(-1);
                    }

                    var ms = time.Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond;
                    pending.Add(new AnalyticsEvent
                    {
                        Id = UuidV7(new DateTime(ms, DateTimeKind.Utc), random),
                        Time = new DateTimeOffset(ms, TimeSpan.Zero),
                        Page = page,
                        UserAgent = UserAgents[ua].UserAgent,
                        IpAddress = ip,
                        Referrer = referrer,
                        SessionId = session,
                        Duration = duration,
                        OperatingSystem = operatingSystems[ua],
                        OsVersion = clients[ua].OsVersion,
                        Browser = clients[ua].Browser,
                        BrowserVersion = clients[ua].BrowserVersion,
                        DeviceType = clients[ua].DeviceType,
                        IsBot = clients[ua].IsBot,
                        Hostname = "example.com",
                        Site = Site,
                        ReferrerHost = referrerHost,
                        ReferrerSource = Analytics.Enrichment.Referrers.Classify(referrerHost, "example.com", UtmParameters.None),
                        VisitorId = visitor,
                        IdAssignedByServer = true,
                    });

                    // The next view follows after the time spent on this one plus a short pause.
                    time = time.AddSeconds((duration ?? 20) + 1 + random.Next(15));
                }
            }

            // Sessions started in this hour are complete: emit them in time order.
            pending.Sort(static (a, b) => a.Time.CompareTo(b.Time));
            foreach (var e in pending)
            {
                batch.Add(e);
                if (batch.Count == batchSize)
                {
                    yield return batch;
                    batch = new List<AnalyticsEvent>(batchSize);
                }
            }

            pending.Clear();
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    // Seconds on the page: log-normal (median about 35 s, a long tail), missing for about 12% of views and for
    // about 40% of a session's last views (the tab was closed before the client could report).
    private static int? Duration(Random random, bool last)
    {
        if (random.NextDouble() < (last ? 0.40 : 0.12))
        {
            return null;
        }

        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return (int)Math.Min(EventLimits.MaxDurationSeconds, Math.Exp(3.55 + (1.2 * normal)));
    }

    private int[] EventsPerHour(Random random)
    {
        var hours = (int)Span.TotalHours;
        var weights = new double[hours];
        var dayNoise = Enumerable.Range(0, (int)Span.TotalDays + 1).Select(_ => 0.9 + (0.2 * random.NextDouble())).ToArray();
        for (var h = 0; h < hours; h++)
        {
            var t = _start.AddHours(h);
            var day = h / 24;
            var weekday = ((int)t.DayOfWeek + 6) % 7;
            var growth = 1 + (0.15 * day / Span.TotalDays);
            weights[h] = HourlyWeight[t.Hour] * WeekdayWeight[weekday] * growth * dayNoise[day];
        }

        // Largest remainder, so that the hours add up to exactly the total.
        var sum = weights.Sum();
        var counts = new int[hours];
        var remainders = new (double Remainder, int Hour)[hours];
        long assigned = 0;
        for (var h = 0; h < hours; h++)
        {
            var exact = _total * weights[h] / sum;
            counts[h] = (int)exact;
            assigned += counts[h];
            remainders[h] = (exact - counts[h], h);
        }

        foreach (var (_, h) in remainders.OrderByDescending(r => r.Remainder).Take((int)(_total - assigned)))
        {
            counts[h]++;
        }

        return counts;
    }

    private static string[] BuildPages()
    {
        string[] top = ["/", "/pricing", "/blog", "/docs", "/features", "/signup", "/login", "/about", "/contact", "/docs/getting-started"];
        string[] sections = ["/blog/", "/docs/", "/products/", "/help/", "/changelog/"];
        var pages = new List<string>(top);
        for (var i = 0; pages.Count < PageCount; i++)
        {
            var section = sections[i % sections.Length];
            pages.Add(section + "article-" + (i / sections.Length + 1).ToString(CultureInfo.InvariantCulture));
        }

        return [.. pages];
    }

    private static double[] ZipfCdf(int n, double s) => Cdf(Enumerable.Range(1, n).Select(k => 1 / Math.Pow(k, s)).ToArray());

    private static double[] Cdf(double[] weights)
    {
        var cdf = new double[weights.Length];
        var sum = weights.Sum();
        var running = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            running += weights[i];
            cdf[i] = running / sum;
        }

        cdf[^1] = 1.0;
        return cdf;
    }

    private static int Pick(double[] cdf, Random random)
    {
        var index = Array.BinarySearch(cdf, random.NextDouble());
        return index >= 0 ? index : Math.Min(~index, cdf.Length - 1);
    }

    // Documentation addresses (RFC 5737/3849), spread over many clients.
    private static string IpFor(long session)
    {
        var client = (int)(session * 2654435761L % 200_000);
        return client % 5 == 0
            ? string.Create(CultureInfo.InvariantCulture, $"2001:db8::{client:x}")
            : string.Create(CultureInfo.InvariantCulture, $"198.51.{client / 250 % 256}.{client % 250 + 1}");
    }

    // A UUIDv7 (RFC 9562) whose random bits come from the seeded generator, so that runs produce the same ids.
    private static Guid UuidV7(DateTime time, Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        var ms = (ulong)(time - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond;
        Span<byte> stamp = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(stamp, ms);
        stamp[2..].CopyTo(bytes);
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
