using Analytics.Storage.PostgreSql;
using Npgsql;

namespace Analytics.Core.Tests.Storage;

public sealed class PostgreSqlConnectionStringTests
{
    [Fact]
    public void The_seeds_database_url_becomes_an_npgsql_connection_string()
    {
        var converted = new NpgsqlConnectionStringBuilder(
            PostgreSqlConnectionString.Normalize("postgresql://user:p%40ss@db.example:6543/analytics?sslmode=require"));

        Assert.Equal("db.example", converted.Host);
        Assert.Equal(6543, converted.Port);
        Assert.Equal("user", converted.Username);
        Assert.Equal("p@ss", converted.Password);
        Assert.Equal("analytics", converted.Database);
        Assert.Equal(SslMode.Require, converted.SslMode);
    }

    [Fact]
    public void The_default_port_is_kept_when_the_url_has_none()
    {
        var converted = new NpgsqlConnectionStringBuilder(PostgreSqlConnectionString.Normalize("postgres://u@h/d"));

        Assert.Equal(5432, converted.Port);
        Assert.Equal("d", converted.Database);
    }

    [Fact]
    public void Npgsql_connection_strings_pass_through()
    {
        const string text = "Host=localhost;Username=u;Database=d";

        Assert.Equal(text, PostgreSqlConnectionString.Normalize(text));
    }

    [Fact]
    public void A_url_without_a_host_is_refused()
    {
        Assert.Throws<FormatException>(() => PostgreSqlConnectionString.Normalize("postgresql:///nohost"));
    }
}
