using Analytics.Storage;

namespace Analytics.Core.Tests.Storage;

public sealed class SqlIdentifierTests
{
    [Theory]
    [InlineData("analytics")]
    [InlineData("_private")]
    [InlineData("site_2")]
    public void Plain_lower_case_names_are_quoted(string name)
    {
        Assert.True(SqlIdentifier.IsValid(name));
        Assert.Equal($"\"{name}\"", SqlIdentifier.Quote(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Analytics")]
    [InlineData("2fast")]
    [InlineData("a-b")]
    [InlineData("a b")]
    [InlineData("a\"; DROP SCHEMA public; --")]
    [InlineData("ünïcode")]
    [InlineData("pg_catalog")]
    public void Anything_else_is_refused(string name)
    {
        Assert.False(SqlIdentifier.IsValid(name));
        Assert.Throws<ArgumentException>(() => SqlIdentifier.Quote(name));
    }

    [Fact]
    public void Names_longer_than_postgres_allows_are_refused()
    {
        Assert.True(SqlIdentifier.IsValid(new string('a', 63)));
        Assert.False(SqlIdentifier.IsValid(new string('a', 64)));
    }
}
