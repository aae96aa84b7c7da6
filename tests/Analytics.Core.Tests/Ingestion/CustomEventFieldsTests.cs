using System.Text;
using Analytics.Events;
using Analytics.Ingestion;

namespace Analytics.Core.Tests.Ingestion;

/// <summary>The fields of the one event model: site, name, props and interactive, as the JSON reader takes them.</summary>
public sealed class CustomEventFieldsTests
{
    private static (EventInput? Input, ValidationErrors Errors) Read(string json)
    {
        var errors = new ValidationErrors();
        var input = EventJsonReader.ReadSingle(Encoding.UTF8.GetBytes(json), errors);
        return (input, errors);
    }

    private static void AssertRejected(string json, string field)
    {
        var (input, errors) = Read(json);
        Assert.Null(input);
        Assert.True(errors.Contains(field), $"expected an error on '{field}', got: {errors}");
    }

    private static string WithProps(string members) => "{\"page\":\"/\",\"props\":{" + members + "}}";

    [Fact]
    public void A_custom_event_keeps_its_name_site_and_interactive_flag_and_its_props_as_text_in_order()
    {
        var (input, errors) = Read("""
            {"page":"/pricing","site":"Shop.Test","name":"Signup","interactive":false,
             "props":{"plan":"pro","seats":3,"ratio":1.50,"trial":true,"gone":null,"empty":""}}
            """);

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal("Signup", input!.Name);
        Assert.Equal("Shop.Test", input.Site);
        Assert.False(input.Interactive);
        Assert.Equal(
            [new("plan", "pro"), new("seats", "3"), new("ratio", "1.50"), new("trial", "true"), new("empty", "")],
            input.Props!.ToList());
    }

    [Fact]
    public void Without_the_new_fields_an_event_is_a_page_view_with_no_props()
    {
        var (input, errors) = Read("""{"page":"/"}""");

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Null(input!.Name);
        Assert.Null(input.Props);
        Assert.Null(input.Interactive);
    }

    [Theory]
    [InlineData("""{"page":"/","props":{"plan":{"tier":"pro"}}}""", "props.plan")]
    [InlineData("""{"page":"/","props":{"tags":["a","b"]}}""", "props.tags")]
    [InlineData("""{"page":"/","props":["plan","pro"]}""", "props")]
    [InlineData("""{"page":"/","props":"plan=pro"}""", "props")]
    [InlineData("""{"page":"/","props":{"":"empty key"}}""", "props.")]
    [InlineData("""{"page":"/","name":""}""", "name")]
    [InlineData("""{"page":"/","name":"engagement"}""", "name")]
    [InlineData("""{"page":"/","name":5}""", "name")]
    [InlineData("""{"page":"/","interactive":"yes"}""", "interactive")]
    [InlineData("""{"page":"/","site":42}""", "site")]
    public void A_bad_field_is_refused_naming_it(string json, string field) => AssertRejected(json, field);

    [Fact]
    public void Props_are_bounded_in_count_and_size()
    {
        var thirtyOne = string.Join(",", Enumerable.Range(0, 31).Select(i => $"\"k{i}\":\"v\""));
        AssertRejected(WithProps(thirtyOne), "props");

        var longKey = new string('k', EventLimits.MaxPropKeyBytes + 1);
        AssertRejected(WithProps($"\"{longKey}\":\"v\""), "props." + ValidationErrors.Shorten(longKey));

        // Bytes, not characters: 1,001 two-byte characters are over 2,000 bytes.
        var wideValue = new string('é', (EventLimits.MaxPropValueBytes / 2) + 1);
        AssertRejected(WithProps($"\"note\":\"{wideValue}\""), "props.note");

        var thirty = string.Join(",", Enumerable.Range(0, 30).Select(i => $"\"k{i}\":\"{new string('v', EventLimits.MaxPropValueBytes)}\""));
        var (input, errors) = Read(WithProps(thirty));
        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal(30, input!.Props!.Count);
    }

    [Fact]
    public void A_long_name_is_refused_and_one_of_120_characters_is_kept()
    {
        AssertRejected($$"""{"page":"/","name":"{{new string('n', EventLimits.MaxNameLength + 1)}}"}""", "name");
        var (input, errors) = Read($$"""{"page":"/","name":"{{new string('n', EventLimits.MaxNameLength)}}"}""");
        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal(EventLimits.MaxNameLength, input!.Name!.Length);
    }

    [Fact]
    public void Shortening_a_value_for_a_message_never_splits_a_surrogate_pair()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 30));
        var shortened = ValidationErrors.Shorten(emoji);

        // A strict encoder throws on a lone surrogate; cutting at 40 UTF-16 units would leave one here.
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        Assert.Equal(shortened, strict.GetString(strict.GetBytes(shortened)));
        Assert.StartsWith(string.Concat(Enumerable.Repeat("😀", 19)), shortened, StringComparison.Ordinal);
    }
}
