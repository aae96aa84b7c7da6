using Analytics.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Analytics.Core.Tests.DependencyInjection;

public sealed class AddAnalyticsTests
{
    private const string ConnectionString = "Host=localhost;Username=u;Database=d";

    private static ServiceCollection NewServices()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        return services;
    }

    [Fact]
    public void Calling_it_twice_registers_one_store_one_hosted_service_and_each_health_check_once()
    {
        var services = NewServices();
        services.AddAnalytics(ConnectionString);
        services.AddAnalytics(o => o.Schema = "second");

        using var provider = services.BuildServiceProvider();
        Assert.Single(provider.GetServices<IHostedService>().OfType<Analytics.Hosting.AnalyticsStoreLifetime>());
        Assert.Single(services, d => d.ServiceType == typeof(IEventStore));
        var health = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value;
        Assert.Equal(["analytics-ingestion-queue", "analytics-store"], health.Registrations.Select(r => r.Name).Order());
        var options = provider.GetRequiredService<IOptions<AnalyticsOptions>>().Value;
        Assert.Equal("second", options.Schema);
        Assert.Equal(ConnectionString, options.ConnectionString);
    }

    [Fact]
    public void It_never_registers_or_replaces_the_hosts_data_source()
    {
        var services = NewServices();
        using var hostDataSource = NpgsqlDataSource.Create("Host=host-db;Username=u");
        services.AddSingleton(hostDataSource);

        services.AddAnalytics(ConnectionString);

        Assert.Single(services, d => d.ServiceType == typeof(NpgsqlDataSource));
        using var provider = services.BuildServiceProvider();
        Assert.Same(hostDataSource, provider.GetRequiredService<NpgsqlDataSource>());
        var ours = provider.GetRequiredService<Analytics.Storage.PostgreSql.PostgreSqlDataSourceProvider>().DataSource;
        Assert.NotSame(hostDataSource, ours);
        Assert.Contains("Host=localhost", ours.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_bind_from_a_configuration_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Analytics:ConnectionString"] = ConnectionString,
            ["Analytics:Schema"] = "stats",
            ["Analytics:TimeZone"] = "Europe/Berlin",
            ["Analytics:Retention"] = "30.00:00:00",
        }).Build();
        var services = NewServices();

        services.AddAnalytics(configuration.GetSection("Analytics"));

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<AnalyticsOptions>>().Value;
        Assert.Equal("stats", options.Schema);
        Assert.Equal("Europe/Berlin", options.TimeZone);
        Assert.Equal(TimeSpan.FromDays(30), options.Retention);
    }

    [Theory]
    [InlineData("Schema", "Bad-Name", "Analytics:Schema")]
    [InlineData("TimeZone", "Mars/Olympus_Mons", "Analytics:TimeZone")]
    [InlineData("Retention", "01:00:00", "Analytics:Retention")]
    [InlineData("Retention", "10000000.00:00:00", "Analytics:Retention")]
    [InlineData("MaxClockSkew", "3650000.00:00:00", "Analytics:MaxClockSkew")]
    [InlineData("MaxClockSkew", "-00:01:00", "Analytics:MaxClockSkew")]
    [InlineData("ConnectionString", "", "Analytics:ConnectionString")]
    [InlineData("ConnectionString", "postgresql:///nohost", "Analytics:ConnectionString")]
    [InlineData("MaxResultRows", "0", "Analytics:MaxResultRows")]
    [InlineData("MaxQueuedBytes", "1000", "Analytics:MaxQueuedBytes")]
    [InlineData("DuckDb:MemoryLimit", "1GB'; DROP TABLE x; --", "Analytics:DuckDb:MemoryLimit")]
    [InlineData("DuckDb:MemoryLimit", "lots", "Analytics:DuckDb:MemoryLimit")]
    [InlineData("DuckDb:MemoryLimit", "1MB", "Analytics:DuckDb:MemoryLimit")]
    [InlineData("DuckDb:Threads", "0", "Analytics:DuckDb:Threads")]
    public void Invalid_options_stop_startup_with_a_message_naming_the_setting(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionString"] = ConnectionString,
            [key] = value,
        }).Build();
        var services = NewServices();
        services.AddAnalytics(configuration);

        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => { _ = provider.GetRequiredService<IOptions<AnalyticsOptions>>().Value; });
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1GiB", 1L << 30)]
    [InlineData("512 MB", 512_000_000L)]
    [InlineData("1.5gb", 1_500_000_000L)]
    [InlineData("64MiB", 64L << 20)]
    public void A_duckdb_memory_limit_is_a_number_and_a_unit(string text, long bytes)
    {
        Assert.True(DuckDbOptions.TryParseMemoryLimit(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("GB")]
    [InlineData("-1GB")]
    [InlineData("1e9B")]
    [InlineData("1GB; SET threads=64")]
    [InlineData("99999999999TB")]
    public void Anything_else_is_not_a_duckdb_memory_limit(string text)
    {
        Assert.False(DuckDbOptions.TryParseMemoryLimit(text, out _));
    }

    [Fact]
    public void One_Umami_website_id_given_to_two_sites_stops_startup_naming_the_second()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionString"] = ConnectionString,
            ["Sites:0:Domain"] = "shop.test",
            ["Sites:0:UmamiWebsiteId"] = "6f1b5f0e-3d0a-4c8e-9b57-2a1c4e5d6f70",
            ["Sites:1:Domain"] = "blog.test",
            ["Sites:1:UmamiWebsiteId"] = "6f1b5f0e-3d0a-4c8e-9b57-2a1c4e5d6f70",
        }).Build();
        var services = NewServices();
        services.AddAnalytics(configuration);

        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => { _ = provider.GetRequiredService<IOptions<AnalyticsOptions>>().Value; });
        Assert.Contains("Analytics:Sites:1:UmamiWebsiteId", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_keyed_host_data_source_needs_no_connection_string_and_is_the_one_the_store_uses()
    {
        var services = NewServices();
        using var hostDataSource = NpgsqlDataSource.Create("Host=keyed-host-db;Username=u;Database=keyed_db");
        using var otherDataSource = NpgsqlDataSource.Create("Host=unkeyed-host-db;Username=u");
        services.AddKeyedSingleton("analytics-db", hostDataSource);
        services.AddSingleton(otherDataSource);

        services.AddAnalytics().UseNpgsqlDataSource("analytics-db");

        using var provider = services.BuildServiceProvider();
        Assert.Null(provider.GetRequiredService<IOptions<AnalyticsOptions>>().Value.ConnectionString);
        Assert.Same(hostDataSource, provider.GetRequiredService<Analytics.Storage.PostgreSql.PostgreSqlDataSourceProvider>().DataSource);
        // The store names the server of the data source it was built on.
        Assert.Contains("keyed-host-db", provider.GetRequiredService<IEventStore>().Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_connection_string_is_named_without_echoing_any_part_of_the_password()
    {
        var services = NewServices();
        services.AddAnalytics("Host=db;Username=u;Password=first;secondhalf=x;Database=d");

        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => { _ = provider.GetRequiredService<IOptions<AnalyticsOptions>>().Value; });
        Assert.Contains("Analytics:ConnectionString", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secondhalf", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("first", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Windows_time_zone_ids_become_their_iana_ids_which_the_databases_know()
    {
        var services = NewServices();
        services.AddAnalytics(o =>
        {
            o.ConnectionString = ConnectionString;
            o.TimeZone = "W. Europe Standard Time";
            o.Sites.Add(new SiteOptions { Domain = "shop.test", TimeZone = "Eastern Standard Time" });
        });

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<AnalyticsOptions>>().Value;
        Assert.Equal("Europe/Berlin", options.TimeZone);
        Assert.Equal("America/New_York", options.Sites[0].TimeZone);
    }

    [Fact]
    public void A_host_adding_the_checks_to_its_own_health_checks_gets_its_tags_on_them_and_no_second_check()
    {
        var services = NewServices();
        services.AddAnalytics(ConnectionString);

        services.AddHealthChecks().AddAnalytics("ready").AddAnalytics("db");

        using var provider = services.BuildServiceProvider();
        var registrations = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        var store = Assert.Single(registrations, r => r.Name == "analytics-store");
        Assert.Equal(["analytics", "analytics-ready", "db", "ready"], store.Tags.Order());
        var queue = Assert.Single(registrations, r => r.Name == "analytics-ingestion-queue");
        Assert.Equal(["analytics-ready", "db", "ready"], queue.Tags.Order());
        Assert.Equal(2, registrations.Count);
    }
}
