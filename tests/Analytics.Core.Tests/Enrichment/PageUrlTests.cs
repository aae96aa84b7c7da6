using Analytics.Enrichment;

namespace Analytics.Core.Tests.Enrichment;

public sealed class PageUrlTests
{
    [Theory]
    [InlineData("https://www.Example.COM/pricing", "example.com", "/pricing")]
    [InlineData("https://user:secret@WWW.Example.com:8443/Pricing/Plans", "example.com", "/Pricing/Plans")]
    [InlineData("HTTP://shop.example.com./cart", "shop.example.com", "/cart")]
    [InlineData("http://[2001:DB8::1]:8080/status", "2001:db8::1", "/status")]
    [InlineData("https://www2.example.com/a", "www2.example.com", "/a")]
    [InlineData("//cdn.example.com/assets/app.js", "cdn.example.com", "/assets/app.js")]
    [InlineData("https://example.com", "example.com", "/")]
    [InlineData("https://example.com/", "example.com", "/")]
    [InlineData("https://example.com?utm_source=x", "example.com", "/")]
    [InlineData("https://example.com#top", "example.com", "/")]
    [InlineData(@"https://example.com\docs", "example.com", @"\docs")]
    [InlineData("https:///path", null, "/path")]
    public void Absolute_address_gives_normalised_host_and_path(string page, string? host, string path)
    {
        var location = PageUrl.Parse(page);

        Assert.Equal(host, location.Host);
        Assert.Equal(path, location.Path);
    }

    [Theory]
    [InlineData("/pricing", "/pricing")]
    [InlineData("/pricing?plan=pro", "/pricing")]
    [InlineData("/pricing#faq", "/pricing")]
    [InlineData("/pricing?plan=pro#faq", "/pricing")]
    [InlineData("index.html", "index.html")]
    [InlineData("?utm_source=x", "/")]
    [InlineData("#top", "/")]
    [InlineData("", "/")]
    [InlineData("ftp://files.example.com/a", "ftp://files.example.com/a")]
    [InlineData(" https://example.com/a", " https://example.com/a")]
    public void Anything_but_an_absolute_web_address_is_a_path_without_host(string page, string path)
    {
        var location = PageUrl.Parse(page);

        Assert.Null(location.Host);
        Assert.Equal(path, location.Path);
    }

    [Theory]
    [InlineData("/a?x=1#f", false, false, "/a")]
    [InlineData("/a?x=1#f", true, false, "/a?x=1")]
    [InlineData("/a?x=1#f", false, true, "/a#f")]
    [InlineData("/a?x=1#f", true, true, "/a?x=1#f")]
    [InlineData("/a#f?x=1", true, false, "/a")]
    [InlineData("/a#f?x=1", false, true, "/a#f?x=1")]
    [InlineData("?x=1#f", true, true, "/?x=1#f")]
    [InlineData("?x=1#f", false, true, "/#f")]
    [InlineData("/a?", true, false, "/a?")]
    [InlineData("https://example.com?x=1#f", true, true, "/?x=1#f")]
    [InlineData("https://example.com/a?x=1#f", true, false, "/a?x=1")]
    [InlineData("https://example.com/a?x=1#f", false, true, "/a#f")]
    [InlineData("https://example.com/a?x=1#f", true, true, "/a?x=1#f")]
    public void Query_and_fragment_are_kept_only_when_asked(string page, bool keepQuery, bool keepFragment, string path)
    {
        Assert.Equal(path, PageUrl.Parse(page, keepQuery, keepFragment).Path);
    }

    [Theory]
    [InlineData("/caf%C3%A9/a%2Fb+c")]
    [InlineData("/Docs/README.md")]
    public void Path_keeps_its_escapes_and_case(string page)
    {
        Assert.Equal(page, PageUrl.Parse(page).Path);
    }

    [Theory]
    [InlineData("/pricing")]
    [InlineData("/a?x=1#f")]
    public void Path_needing_no_change_is_the_page_itself(string page)
    {
        Assert.Same(page, PageUrl.Parse(page, keepQuery: true, keepFragment: true).Path);
    }

    [Fact]
    public void Page_without_campaign_tags_shares_the_empty_instance()
    {
        var location = PageUrl.Parse("https://example.com/a?ref=x&utm=1");

        Assert.Same(UtmParameters.None, location.Utm);
        Assert.True(location.Utm.IsEmpty);
    }

    [Fact]
    public void All_five_tags_are_read_from_a_full_address()
    {
        var location = PageUrl.Parse(
            "https://example.com/a?utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_term=shoes&utm_content=ad1#x");

        Assert.Equal(new UtmParameters("google", "cpc", "spring", "shoes", "ad1"), location.Utm);
        Assert.False(location.Utm.IsEmpty);
    }

    [Fact]
    public void Tags_are_read_from_a_path_and_their_names_in_any_case()
    {
        var location = PageUrl.Parse("/pricing?UTM_Source=Newsletter&Utm_Medium=EMAIL&x=1");

        Assert.Equal("/pricing", location.Path);
        Assert.Equal(new UtmParameters("Newsletter", "EMAIL", null, null, null), location.Utm);
    }

    [Theory]
    [InlineData("utm_campaign=spring+sale", "spring sale")]
    [InlineData("utm_campaign=spring%20sale", "spring sale")]
    [InlineData("utm_campaign=C%2B%2B", "C++")]
    [InlineData("utm_campaign=caf%C3%A9", "café")]
    [InlineData("utm_campaign=caf%c3%a9", "café")]
    [InlineData("utm_campaign=a%26b%3Dc", "a&b=c")]
    [InlineData("utm_campaign=100%", "100%")]
    [InlineData("utm_campaign=%ZZ%4", "%ZZ%4")]
    [InlineData("utm_campaign=%FFx", "%FFx")]
    [InlineData("utm_campaign=+%20spring%09", "spring")]
    [InlineData("utm_campaign=a%00b", "a b")]
    [InlineData("utm_campaign=a\tb", "a b")]
    public void Tag_values_are_form_decoded_and_trimmed(string query, string value)
    {
        Assert.Equal(value, PageUrl.Parse("/?" + query).Utm.Campaign);
    }

    [Theory]
    [InlineData("?utm_source=first&utm_source=second", "first")]
    [InlineData("?UTM_SOURCE=first&utm_source=second", "first")]
    [InlineData("?utm_source=&utm_source=second", null)]
    [InlineData("?utm_source&utm_source=second", null)]
    public void First_occurrence_of_a_tag_wins_even_when_empty(string query, string? source)
    {
        Assert.Equal(source, PageUrl.Parse("/a" + query).Utm.Source);
    }

    [Theory]
    [InlineData("/?utm_source=")]
    [InlineData("/?utm_source=+%20+")]
    [InlineData("/?utm_medium")]
    [InlineData("/?utm_sources=x&xutm_source=y&utm_=z")]
    [InlineData("/#utm_source=x")]
    [InlineData("/?a=1#?utm_source=x")]
    public void Empty_or_misnamed_tags_give_no_tags(string page)
    {
        Assert.Same(UtmParameters.None, PageUrl.Parse(page).Utm);
    }

    [Fact]
    public void Empty_tag_is_null_beside_others()
    {
        var utm = PageUrl.Parse("/?utm_source=x&utm_medium=&utm_campaign=%20").Utm;

        Assert.Equal(new UtmParameters("x", null, null, null, null), utm);
    }

    [Fact]
    public void Long_values_are_cut_at_256_characters()
    {
        var utm = PageUrl.Parse("/?utm_term=" + new string('a', 300) + "&utm_content=" + new string('b', 256)).Utm;

        Assert.Equal(new string('a', 256), utm.Term);
        Assert.Equal(new string('b', 256), utm.Content);
        Assert.Equal(256, UtmParameters.MaxLength);
    }

    [Fact]
    public void Long_escaped_values_are_decoded_before_the_cut()
    {
        var utm = PageUrl.Parse("/?utm_term=" + string.Concat(Enumerable.Repeat("%C3%A9", 300))).Utm;

        Assert.Equal(new string('é', 256), utm.Term);
    }

    [Fact]
    public void Cut_does_not_split_a_surrogate_pair()
    {
        var utm = PageUrl.Parse("/?utm_term=" + new string('a', 255) + "😀😀").Utm;

        Assert.Equal(new string('a', 255), utm.Term);
    }

    [Fact]
    public void Never_throws_on_any_string()
    {
        foreach (var page in RandomAddresses.Generate(count: 100_000, seed: 20260101))
        {
            var location = PageUrl.Parse(page, keepQuery: page.Length % 2 == 0, keepFragment: page.Length % 3 == 0);

            Assert.False(string.IsNullOrEmpty(location.Path), page);
            Assert.NotNull(location.Utm);
            Assert.True(location.Host is null || location.Host.Length is > 0 and <= Referrers.MaxHostLength, page);
        }
    }

    [Fact]
    public void Null_page_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => PageUrl.Parse(null!));
    }
}
