using Analytics.Enrichment;

namespace Analytics.Core.Tests.Enrichment;

public sealed class TokenTableTests
{
    private static readonly TokenTable<string> Table = new(StringComparison.Ordinal,
        new("first", "HarmonyOS"),
        new("second", "Android", "Adr "),
        new("third", "Linux"));

    [Fact]
    public void Earlier_entry_wins_wherever_its_token_is()
    {
        var text = "Mozilla/5.0 (Linux; Android 12; HarmonyOS; NOH-AN00)";

        var match = Table.FirstMatch(text);

        Assert.Equal("first", match.Value);
        Assert.Equal(text.IndexOf("HarmonyOS", StringComparison.Ordinal), match.Index);
        Assert.Equal("HarmonyOS".Length, match.Length);
    }

    [Fact]
    public void Leftmost_token_of_the_winning_entry_is_reported()
    {
        var text = "UCWEB/2.0 (Linux; U; Adr 4.2.2; zh-CN) Android";

        var match = Table.FirstMatch(text);

        Assert.Equal("second", match.Value);
        Assert.Equal(text.IndexOf("Adr ", StringComparison.Ordinal), match.Index);
        Assert.Equal("4.2.2; zh-CN) Android", match.After(text).ToString());
    }

    [Fact]
    public void No_token_means_no_match()
    {
        var match = Table.FirstMatch("curl/8.4.0");

        Assert.False(match.Found);
        Assert.Equal(-1, match.Entry);
    }

    [Fact]
    public void Case_insensitive_table_matches_any_case()
    {
        var table = new TokenTable<int>(StringComparison.OrdinalIgnoreCase, new TokenTable<int>.Entry(1, "smart-tv"));

        Assert.True(table.FirstMatch("Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0)").Found);
    }

    [Fact]
    public void Tokens_must_start_with_an_ascii_character()
    {
        Assert.Throws<ArgumentException>(() => new TokenTable<int>(StringComparison.Ordinal, new TokenTable<int>.Entry(1, "ÉDGE")));
    }
}
