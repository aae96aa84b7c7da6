using System.Collections.Frozen;
using static Analytics.Enrichment.TrafficSources;

namespace Analytics.Enrichment;

/// <summary>
/// The hosts, <c>utm_source</c> names and <c>utm_medium</c> values that say where a visit came from. One table, read
/// into frozen dictionaries that are searched with spans, so a lookup allocates nothing.
/// </summary>
internal static class TrafficSourceSignatures
{
    // Each row: the class; the host it stands for, or "brand.*" for a brand under any country suffix (google.de,
    // google.co.uk, google.com.br), or null for a row of names only; then the utm_source names that mean it.
    // A subdomain has the class of the nearest listed host above it (m.facebook.com is facebook.com), so a subdomain
    // that means something else is listed on its own row (mail.google.com, docs.google.com).
    internal static readonly Row[] Table =
    [
        // Search engines, organic and paid alike.
        new(Search, "google.*", "google"),
        new(Search, "google.com"), // also listed as a host, so that the most common referrer needs no new string
        new(Search, "com.google.android.googlequicksearchbox"),
        new(Search, "bing.com", "bing"),
        new(Search, "yahoo.*", "yahoo"), // search.yahoo.com, and Yahoo Japan at yahoo.co.jp
        new(Search, "duckduckgo.com", "duckduckgo", "ddg"),
        new(Search, "yandex.*", "yandex"),
        new(Search, "ya.ru"),
        new(Search, "baidu.com", "baidu"),
        new(Search, "ecosia.org", "ecosia"),
        new(Search, "search.brave.com", "brave"),
        new(Search, "startpage.com", "startpage"),
        new(Search, "qwant.com", "qwant"),
        new(Search, "naver.com", "naver"),
        new(Search, "seznam.cz", "seznam"),
        new(Search, "ask.com", "ask"),
        new(Search, "aol.com", "aol"),
        new(Search, "sogou.com", "sogou"),
        new(Search, "so.com"),
        new(Search, "kagi.com", "kagi"),
        new(Search, "daum.net", "daum"),
        new(Search, "mojeek.com", "mojeek"),
        new(Search, "petalsearch.com", "petal", "petalsearch"),
        // AI assistants answer questions with links, as a search engine does; their visitors count as search.
        new(Search, "chatgpt.com", "chatgpt"),
        new(Search, "chat.openai.com", "openai"),
        new(Search, "perplexity.ai", "perplexity"),
        new(Search, "claude.ai", "claude"),
        new(Search, "gemini.google.com", "gemini"),
        new(Search, "copilot.microsoft.com", "copilot"),
        new(Search, "chat.deepseek.com", "deepseek"),

        // Google's own sites that are not search.
        new(Referral, "docs.google.com"),
        new(Referral, "drive.google.com"),
        new(Referral, "sites.google.com"),

        // Social networks, forums, video sites and messengers.
        new(Social, "facebook.com", "facebook", "fb"), // m., l. and lm. by inheritance
        new(Social, "fb.com"),
        new(Social, "fb.me"),
        new(Social, "messenger.com", "messenger"),
        new(Social, "com.facebook.katana"),
        new(Social, "instagram.com", "instagram", "ig"), // l.instagram.com by inheritance
        new(Social, "twitter.com", "twitter"),
        new(Social, "t.co"),
        new(Social, "x.com", "x"),
        new(Social, "com.twitter.android"),
        new(Social, "linkedin.com", "linkedin"),
        new(Social, "lnkd.in"),
        new(Social, "com.linkedin.android"),
        new(Social, "reddit.com", "reddit"), // old. and out. by inheritance
        new(Social, "com.reddit.frontpage"),
        new(Social, "pinterest.*", "pinterest"),
        new(Social, "pin.it"),
        new(Social, "tiktok.com", "tiktok"),
        new(Social, "youtube.com", "youtube", "yt"),
        new(Social, "youtu.be"),
        new(Social, "news.ycombinator.com", "hackernews", "hn"),
        new(Social, "mastodon.social", "mastodon"),
        new(Social, "bsky.app", "bluesky", "bsky"),
        new(Social, "threads.net", "threads"),
        new(Social, "threads.com"),
        new(Social, "vk.com", "vk"),
        new(Social, "ok.ru"),
        new(Social, "tumblr.com", "tumblr"),
        new(Social, "quora.com", "quora"),
        new(Social, "discord.com", "discord"),
        new(Social, "t.me", "telegram"),
        new(Social, "web.telegram.org"),
        new(Social, "org.telegram.messenger"),
        new(Social, "whatsapp.com", "whatsapp"),
        new(Social, "wa.me"),
        new(Social, "weibo.com", "weibo"),
        new(Social, "snapchat.com", "snapchat"),
        new(Social, "xing.com", "xing"),

        // Webmail and mail apps. Any host whose first label is "mail" or "webmail" counts too (see OfHost).
        new(Email, "mail.google.com", "gmail"),
        new(Email, "com.google.android.gm"),
        new(Email, "outlook.live.com", "outlook"),
        new(Email, "outlook.office.com"),
        new(Email, "outlook.office365.com"),
        new(Email, "mail.yahoo.com"),
        new(Email, "mail.aol.com"),
        new(Email, "mail.proton.me", "protonmail"),
        new(Email, "email.seznam.cz"),
        // Newsletter services, seen only as utm_source: their own sites are blogs and shops, not mail.
        new(Email, null, "newsletter", "email", "e-mail", "mailchimp", "substack", "sendgrid", "brevo", "klaviyo",
            "convertkit", "mailerlite", "beehiiv", "buttondown"),
    ];

    private static readonly FrozenDictionary<string, Row>.AlternateLookup<ReadOnlySpan<char>> Hosts =
        Lookup(Table.Where(row => row.Host is not null && !IsBrand(row.Host)).Select(row => (row.Host!, row)),
            StringComparer.Ordinal);

    // Keyed by the brand label alone: "google" for "google.*".
    private static readonly FrozenDictionary<string, Row>.AlternateLookup<ReadOnlySpan<char>> Brands =
        Lookup(Table.Where(row => row.Host is not null && IsBrand(row.Host)).Select(row => (row.Host![..^2], row)),
            StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, Row>.AlternateLookup<ReadOnlySpan<char>> Names =
        Lookup(Table.SelectMany(row => row.Names.Select(name => (name, row))), StringComparer.OrdinalIgnoreCase);

    // The utm_medium values that decide the class whatever the source.
    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Mediums = Lookup(
        [
            ("email", Email), ("e-mail", Email), ("e_mail", Email), ("newsletter", Email), ("mail", Email),
            ("social", Social), ("social-network", Social), ("social-media", Social), ("sm", Social),
            ("social network", Social), ("social media", Social),
            ("organic", Search), ("search", Search), ("cpc", Search), ("ppc", Search), ("paidsearch", Search),
            ("paid-search", Search), ("paid_search", Search), ("sem", Search),
        ],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>The class a <c>utm_medium</c> value stands for, or null when it is not one of the known ones.</summary>
    public static string? OfMedium(ReadOnlySpan<char> medium) =>
        Mediums.TryGetValue(medium.Trim(), out var source) ? source : null;

    /// <summary>The class a <c>utm_source</c> name (<c>google</c>, <c>fb</c>, <c>newsletter</c>) stands for, or null.</summary>
    public static string? OfName(ReadOnlySpan<char> name) =>
        Names.TryGetValue(name.Trim(), out var row) ? row.Class : null;

    /// <summary>
    /// The class of a normalised host, or null when it is not listed: the host's own row, then a <c>mail</c> or
    /// <c>webmail</c> first label, then the nearest listed host above it, then a brand under any country suffix.
    /// </summary>
    public static string? OfHost(ReadOnlySpan<char> host)
    {
        if (Hosts.TryGetValue(host, out var row))
        {
            return row.Class;
        }

        var firstDot = host.IndexOf('.');
        if (firstDot < 0)
        {
            return null;
        }

        if (host[..firstDot] is "mail" or "webmail")
        {
            return Email;
        }

        for (var parent = host[(firstDot + 1)..]; parent.IndexOf('.') is var dot and >= 0; parent = parent[(dot + 1)..])
        {
            if (Hosts.TryGetValue(parent, out row))
            {
                return row.Class;
            }
        }

        return Brands.TryGetValue(BrandLabel(host), out row) ? row.Class : null;
    }

    /// <summary>The table's own string for a listed host, so that a normalised host needs no new string; else null.</summary>
    public static string? ListedHost(ReadOnlySpan<char> host) =>
        Hosts.TryGetValue(host, out var row) ? row.Host : null;

    // The label before the public suffix, taken as the last label, or the last two when the second-last is one of
    // the short second-level labels countries use (google.co.uk, google.com.br). Empty when there is none.
    private static ReadOnlySpan<char> BrandLabel(ReadOnlySpan<char> host)
    {
        var rest = host[..Math.Max(host.LastIndexOf('.'), 0)];
        var dot = rest.LastIndexOf('.');
        if (rest[(dot + 1)..] is "co" or "com" or "org" or "net" or "ac" or "gov" or "edu" or "ne" or "or" or "go")
        {
            rest = rest[..Math.Max(dot, 0)];
            dot = rest.LastIndexOf('.');
        }

        return rest[(dot + 1)..];
    }

    private static bool IsBrand(string host) => host.EndsWith(".*", StringComparison.Ordinal);

    private static FrozenDictionary<string, TValue>.AlternateLookup<ReadOnlySpan<char>> Lookup<TValue>(
        IEnumerable<(string Key, TValue Value)> entries, StringComparer comparer) =>
        entries.ToFrozenDictionary(entry => entry.Key, entry => entry.Value, comparer)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>One row of <see cref="Table"/>: a class, the host or brand it is known by, and its utm_source names.</summary>
    internal sealed record Row(string Class, string? Host, params string[] Names);
}
