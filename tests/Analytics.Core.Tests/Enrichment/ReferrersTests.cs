using Analytics.Enrichment;

namespace Analytics.Core.Tests.Enrichment;

public sealed class ReferrersTests
{
    private static readonly UtmParameters None = UtmParameters.None;

    [Theory]
    [InlineData("https://www.google.com/search?q=x", "google.com")]
    [InlineData("google.com", "google.com")]
    [InlineData("www.Example.com:8080/page", "example.com")]
    [InlineData("android-app://com.google.android.gm/", "com.google.android.gm")]
    [InlineData("https://user:pass@WWW.Example.COM.:443/x", "example.com")]
    [InlineData("http://[2001:DB8::1]:8080/", "2001:db8::1")]
    [InlineData("[::1]", "::1")]
    [InlineData("//cdn.example.com/x.js", "cdn.example.com")]
    [InlineData("  https://example.com  ", "example.com")]
    [InlineData("example.com?q=1", "example.com")]
    [InlineData("example.com#top", "example.com")]
    [InlineData(@"https://example.com\@evil.com", "example.com")]
    [InlineData("google.com/url?u=https://evil.com", "google.com")]
    [InlineData("www2.example.com", "www2.example.com")]
    [InlineData("wwwexample.com", "wwwexample.com")]
    [InlineData("shop.www.example.com", "shop.www.example.com")]
    [InlineData("WWW.www.example.com", "www.example.com")]
    [InlineData("www", "www")]
    [InlineData("Bücher.DE", "bücher.de")]
    public void Host_is_read_from_any_shape_of_referrer(string referrer, string host)
    {
        Assert.Equal(host, Referrers.NormalizeHost(referrer));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("https://")]
    [InlineData("https:///path")]
    [InlineData("://")]
    [InlineData("/relative/path")]
    [InlineData("user@:8080")]
    [InlineData("...")]
    public void No_host_gives_null(string? referrer)
    {
        Assert.Null(Referrers.NormalizeHost(referrer));
    }

    [Fact]
    public void Host_is_cut_at_253_characters_without_a_trailing_dot()
    {
        // Eleven labels of 22 letters and a dot fill 253 characters exactly, so the cut falls right after a dot.
        var label = new string('a', 22) + ".";
        var referrer = "https://" + string.Concat(Enumerable.Repeat(label, 12)) + "com/";

        var host = Referrers.NormalizeHost(referrer);

        Assert.Equal(string.Concat(Enumerable.Repeat(label, 11))[..^1], host);
        Assert.Equal(252, host!.Length);
        Assert.Equal(new string('b', 253), Referrers.NormalizeHost(new string('B', 300)));
    }

    [Fact]
    public void Normalised_host_is_returned_as_it_is()
    {
        var referrer = "example.org";

        Assert.Same(referrer, Referrers.NormalizeHost(referrer));
    }

    [Fact]
    public void Listed_host_is_the_tables_own_string()
    {
        Assert.Same(Referrers.NormalizeHost("https://t.co/abc"), Referrers.NormalizeHost("HTTPS://T.CO/xyz"));
    }

    [Theory]
    // Search engines, Google and Yandex under any country suffix, and AI assistants.
    [InlineData("google.com", TrafficSources.Search)]
    [InlineData("www.google.com", TrafficSources.Search)]
    [InlineData("google.co.uk", TrafficSources.Search)]
    [InlineData("google.com.br", TrafficSources.Search)]
    [InlineData("google.de", TrafficSources.Search)]
    [InlineData("news.google.com", TrafficSources.Search)]
    [InlineData("com.google.android.googlequicksearchbox", TrafficSources.Search)]
    [InlineData("bing.com", TrafficSources.Search)]
    [InlineData("cn.bing.com", TrafficSources.Search)]
    [InlineData("search.yahoo.com", TrafficSources.Search)]
    [InlineData("yahoo.co.jp", TrafficSources.Search)]
    [InlineData("duckduckgo.com", TrafficSources.Search)]
    [InlineData("yandex.ru", TrafficSources.Search)]
    [InlineData("yandex.com.tr", TrafficSources.Search)]
    [InlineData("baidu.com", TrafficSources.Search)]
    [InlineData("ecosia.org", TrafficSources.Search)]
    [InlineData("search.brave.com", TrafficSources.Search)]
    [InlineData("search.naver.com", TrafficSources.Search)]
    [InlineData("search.seznam.cz", TrafficSources.Search)]
    [InlineData("kagi.com", TrafficSources.Search)]
    [InlineData("chatgpt.com", TrafficSources.Search)]
    [InlineData("perplexity.ai", TrafficSources.Search)]
    // Social networks, with subdomains inheriting.
    [InlineData("facebook.com", TrafficSources.Social)]
    [InlineData("m.facebook.com", TrafficSources.Social)]
    [InlineData("l.facebook.com", TrafficSources.Social)]
    [InlineData("lm.facebook.com", TrafficSources.Social)]
    [InlineData("l.instagram.com", TrafficSources.Social)]
    [InlineData("t.co", TrafficSources.Social)]
    [InlineData("x.com", TrafficSources.Social)]
    [InlineData("lnkd.in", TrafficSources.Social)]
    [InlineData("old.reddit.com", TrafficSources.Social)]
    [InlineData("out.reddit.com", TrafficSources.Social)]
    [InlineData("pinterest.com", TrafficSources.Social)]
    [InlineData("pinterest.co.uk", TrafficSources.Social)]
    [InlineData("youtu.be", TrafficSources.Social)]
    [InlineData("news.ycombinator.com", TrafficSources.Social)]
    [InlineData("bsky.app", TrafficSources.Social)]
    [InlineData("web.telegram.org", TrafficSources.Social)]
    // Webmail and mail apps.
    [InlineData("mail.google.com", TrafficSources.Email)]
    [InlineData("com.google.android.gm", TrafficSources.Email)]
    [InlineData("outlook.live.com", TrafficSources.Email)]
    [InlineData("outlook.office365.com", TrafficSources.Email)]
    [InlineData("mail.yahoo.com", TrafficSources.Email)]
    [InlineData("mail.yandex.ru", TrafficSources.Email)]
    [InlineData("email.seznam.cz", TrafficSources.Email)]
    [InlineData("webmail.example.org", TrafficSources.Email)]
    [InlineData("mail.example.com", TrafficSources.Email)]
    // Everything else, and subdomains listed apart from their parent.
    [InlineData("example.org", TrafficSources.Referral)]
    [InlineData("stackoverflow.com", TrafficSources.Referral)]
    [InlineData("docs.google.com", TrafficSources.Referral)]
    [InlineData("ycombinator.com", TrafficSources.Referral)]
    [InlineData("mygoogle.com", TrafficSources.Referral)]
    [InlineData("google.example.com", TrafficSources.Referral)]
    [InlineData("googleusercontent.com", TrafficSources.Referral)]
    [InlineData("notfacebook.com", TrafficSources.Referral)]
    [InlineData("mail", TrafficSources.Referral)]
    [InlineData("co.uk", TrafficSources.Referral)]
    [InlineData("192.168.1.10", TrafficSources.Referral)]
    public void Referrer_host_decides_without_campaign_tags(string referrer, string source)
    {
        Assert.Equal(source, Referrers.Classify(referrer, "example.com", None));
    }

    [Theory]
    [InlineData("https://www.google.co.uk/", TrafficSources.Search)]
    [InlineData("https://M.Facebook.com/story.php?id=1", TrafficSources.Social)]
    [InlineData("android-app://com.google.android.gm/", TrafficSources.Email)]
    public void Referrer_may_be_given_unnormalised(string referrer, string source)
    {
        Assert.Equal(source, Referrers.Classify(referrer, null, None));
    }

    [Theory]
    [InlineData(null, "example.com")]
    [InlineData("", "example.com")]
    [InlineData("  ", null)]
    [InlineData("example.com", "example.com")]
    [InlineData("www.example.com", "example.com")]
    [InlineData("example.com", "www.example.com")]
    [InlineData("https://www.Example.com/page", "https://example.com:443")]
    public void No_referrer_or_the_sites_own_host_is_direct(string? referrer, string? site)
    {
        Assert.Equal(TrafficSources.Direct, Referrers.Classify(referrer, site, None));
    }

    [Fact]
    public void Subdomain_of_the_site_is_a_referral()
    {
        Assert.Equal(TrafficSources.Referral, Referrers.Classify("blog.example.com", "example.com", None));
    }

    [Theory]
    [InlineData("email", "google.com", TrafficSources.Email)]
    [InlineData("Newsletter", null, TrafficSources.Email)]
    [InlineData("e_mail", "facebook.com", TrafficSources.Email)]
    [InlineData("SOCIAL", "google.com", TrafficSources.Social)]
    [InlineData("social media", null, TrafficSources.Social)]
    [InlineData("sm", "example.com", TrafficSources.Social)]
    [InlineData("cpc", "facebook.com", TrafficSources.Search)]
    [InlineData("organic", null, TrafficSources.Search)]
    [InlineData("paid_search", "mail.google.com", TrafficSources.Search)]
    public void Known_utm_medium_decides_over_the_referrer_and_own_host(string medium, string? referrer, string source)
    {
        var utm = new UtmParameters("whatever", medium, null, null, null);

        Assert.Equal(source, Referrers.Classify(referrer, "example.com", utm));
    }

    [Theory]
    [InlineData("google", TrafficSources.Search)]
    [InlineData("Bing", TrafficSources.Search)]
    [InlineData("chatgpt", TrafficSources.Search)]
    [InlineData("facebook", TrafficSources.Social)]
    [InlineData("fb", TrafficSources.Social)]
    [InlineData("IG", TrafficSources.Social)]
    [InlineData("x", TrafficSources.Social)]
    [InlineData("linkedin", TrafficSources.Social)]
    [InlineData("newsletter", TrafficSources.Email)]
    [InlineData("mailchimp", TrafficSources.Email)]
    [InlineData("Substack", TrafficSources.Email)]
    [InlineData("m.facebook.com", TrafficSources.Social)]
    [InlineData("https://www.reddit.com/r/dotnet", TrafficSources.Social)]
    [InlineData("google.de", TrafficSources.Search)]
    [InlineData("mail.google.com", TrafficSources.Email)]
    [InlineData("partner-site", TrafficSources.Referral)]
    [InlineData("example.org", TrafficSources.Referral)]
    public void Utm_source_decides_when_the_medium_is_unknown_or_absent(string utmSource, string source)
    {
        Assert.Equal(source, Referrers.Classify("duckduckgo.com", "example.com", new UtmParameters(utmSource, null, null, null, null)));
        Assert.Equal(source, Referrers.Classify(null, "example.com", new UtmParameters(utmSource, "banner", null, null, null)));
    }

    [Fact]
    public void Unknown_utm_source_is_a_referral_even_from_the_sites_own_host()
    {
        var utm = new UtmParameters("partner-site", null, null, null, null);

        Assert.Equal(TrafficSources.Referral, Referrers.Classify("example.com", "example.com", utm));
    }

    [Theory]
    [InlineData(null, TrafficSources.Direct)]
    [InlineData("t.co", TrafficSources.Social)]
    public void Unknown_medium_without_source_leaves_the_referrer_to_decide(string? referrer, string source)
    {
        var utm = new UtmParameters(" ", "banner", "spring", null, null);

        Assert.Equal(source, Referrers.Classify(referrer, "example.com", utm));
    }

    [Fact]
    public void Tags_read_by_page_url_classify_as_expected()
    {
        var utm = PageUrl.Parse("/?utm_source=Google&utm_medium=paid%2Dsearch").Utm;

        Assert.Equal(TrafficSources.Search, Referrers.Classify("news.example.net", "example.com", utm));
    }

    [Fact]
    public void Every_listed_host_and_name_gives_its_rows_class()
    {
        foreach (var row in TrafficSourceSignatures.Table)
        {
            if (row.Host is { } host)
            {
                var example = host.EndsWith(".*", StringComparison.Ordinal) ? host[..^2] + ".com.au" : host;
                Assert.Equal(example, Referrers.NormalizeHost(example));
                Assert.True(row.Class == Referrers.Classify(example, null, None), host);
                Assert.True(row.Class == Referrers.Classify("sub." + example, null, None), host);
            }

            foreach (var name in row.Names)
            {
                Assert.True(row.Class == Referrers.Classify(null, null, new UtmParameters(name, null, null, null, null)), name);
            }
        }
    }

    [Fact]
    public void Classes_are_the_five_stored_labels()
    {
        Assert.Equal(["direct", "search", "social", "email", "referral"], TrafficSources.All);
    }

    [Fact]
    public void Never_throws_on_any_string()
    {
        var utm = new UtmParameters(null, "banner", null, null, null);
        foreach (var referrer in RandomAddresses.Generate(count: 100_000, seed: 20260102))
        {
            var host = Referrers.NormalizeHost(referrer);

            Assert.True(host is null || (host.Length is > 0 and <= Referrers.MaxHostLength && !host.Any(char.IsAsciiLetterUpper)), referrer);
            Assert.Contains(Referrers.Classify(referrer, referrer.Length % 2 == 0 ? referrer : null, utm), TrafficSources.All);
            Assert.Contains(Referrers.Classify(host, "example.com", new UtmParameters(referrer, null, null, null, null)), TrafficSources.All);
        }
    }

    [Fact]
    public void Null_tags_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => Referrers.Classify("google.com", null, null!));
    }
}
