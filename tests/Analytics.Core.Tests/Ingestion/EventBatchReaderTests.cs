using System.Text;
using Analytics.Ingestion;

namespace Analytics.Core.Tests.Ingestion;

/// <summary>The batch reader on its own: JSON arrays and NDJSON, items judged one by one, the batch refused as a whole only when unusable.</summary>
public sealed class EventBatchReaderTests
{
    private static IReadOnlyList<EventBatchReader.Item>? Read(string body, bool ndjson, out ValidationErrors errors, out bool tooMany, int maxItems = 10)
    {
        errors = new ValidationErrors();
        return EventBatchReader.Read(Encoding.UTF8.GetBytes(body), ndjson, maxItems, errors, out tooMany);
    }

    [Fact]
    public void An_array_gives_every_item_in_order_with_its_own_problems()
    {
        var items = Read("""[{"page":"/a"},{"duration":3},42,{"page":"/d","duration":7}]""", ndjson: false, out var errors, out var tooMany);

        Assert.NotNull(items);
        Assert.True(errors.IsEmpty);
        Assert.False(tooMany);
        Assert.Equal([0, 1, 2, 3], items.Select(i => i.Index));
        Assert.Equal("/a", items[0].Input?.Page);
        Assert.True(items[0].Errors.IsEmpty);
        Assert.True(items[1].Errors.Contains("page"));
        Assert.Null(items[2].Input);
        Assert.True(items[2].Errors.Contains("body"));
        Assert.Equal(("/d", 7), (items[3].Input?.Page, items[3].Input?.Duration));
    }

    [Fact]
    public void Ndjson_skips_blank_lines_accepts_crlf_and_keeps_a_bad_line_from_sinking_the_others()
    {
        var items = Read("{\"page\":\"/a\"}\r\n\r\n  \n{\"page\":\n{\"page\":\"/c\"}", ndjson: true, out var errors, out _);

        Assert.NotNull(items);
        Assert.True(errors.IsEmpty);
        Assert.Equal(3, items.Count);
        Assert.Equal("/a", items[0].Input?.Page);
        Assert.Null(items[1].Input);
        Assert.True(items[1].Errors.Contains("body"));
        Assert.Equal(("/c", 2), (items[2].Input?.Page, items[2].Index));
    }

    [Theory]
    [InlineData("""{"page":"/a"}""", "body")]
    [InlineData("""[{"page":"/a"}""", "body")]
    [InlineData("""[{"page":"/a"}] []""", "body")]
    [InlineData("not json", "body")]
    public void A_body_that_is_not_one_whole_array_is_refused_as_a_whole(string body, string field)
    {
        var items = Read(body, ndjson: false, out var errors, out var tooMany);

        Assert.Null(items);
        Assert.False(tooMany);
        Assert.True(errors.Contains(field), string.Join("; ", errors.ToDictionary().Keys));
    }

    [Theory]
    [InlineData(false, """[{"page":"/1"},{"page":"/2"},{"page":"/3"}]""")]
    [InlineData(true, "{\"page\":\"/1\"}\n{\"page\":\"/2\"}\n{\"page\":\"/3\"}\n")]
    public void More_items_than_allowed_are_refused_as_too_many(bool ndjson, string body)
    {
        Assert.Null(Read(body, ndjson, out _, out var tooMany, maxItems: 2));
        Assert.True(tooMany);
        Assert.NotNull(Read(body, ndjson, out _, out var fits, maxItems: 3));
        Assert.False(fits);
    }

    [Fact]
    public void An_empty_array_and_an_empty_ndjson_body_are_empty_batches()
    {
        Assert.Empty(Read("[]", ndjson: false, out _, out _)!);
        Assert.Empty(Read("\n\n", ndjson: true, out _, out _)!);
    }
}
