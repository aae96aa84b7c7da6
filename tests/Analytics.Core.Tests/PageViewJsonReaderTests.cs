using System.Text;
using Analytics.Ingestion;

namespace Analytics.Core.Tests;

public sealed class PageViewJsonReaderTests
{
    private static (Analytics.Events.PageViewInput? Input, ValidationErrors Errors) Read(string json)
    {
        var errors = new ValidationErrors();
        var input = PageViewJsonReader.ReadSingle(Encoding.UTF8.GetBytes(json), errors);
        return (input, errors);
    }

    [Fact]
    public void Seed_example_is_read_field_by_field()
    {
        var (input, errors) = Read("""
            {"page":"/pricing","user_agent":"Mozilla/5.0","ip_address":"192.168.0.1",
             "referrer":"google.com","session_id":"abc123","duration":12}
            """);

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.NotNull(input);
        Assert.Equal("/pricing", input.Page);
        Assert.Equal("Mozilla/5.0", input.UserAgent);
        Assert.Equal("192.168.0.1", input.IpAddress);
        Assert.Equal("google.com", input.Referrer);
        Assert.Equal("abc123", input.SessionId);
        Assert.Equal(12, input.Duration);
        Assert.Null(input.Timestamp);
    }
}
