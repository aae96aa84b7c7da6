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
    public void Calling_it_twice_registers_one_store_one_hosted_service_and_one_health_check()
    {
        var services = NewServices();
        services.AddAnalytics(ConnectionString);
        services.AddAnalytics(o => o.Schema = "second");

        using var provider = services.BuildServiceProvider();
        Assert.Single(provider.GetServices<IHostedService>().OfType<Analytics.Hosting.AnalyticsStoreLifetime>());
        Assert.Single(services, d => d.ServiceType == typeof(IEventStore));
        var health = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value;
        Assert.Single(health.Registrations);
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
    public void A_host_data_source_needs_no_connection_string()
    {
        var services = NewServices();
        using var hostDataSource = NpgsqlDataSource.Create("Host=host-db;Username=u");
        services.AddKeyedSingleton("analytics-db", hostDataSource);

        services.AddAnalytics().UseNpgsqlDataSource("analytics-db");

        using var provider = services.BuildServiceProvider();
        Assert.Null(provider.GetRequiredService<IOptions<AnalyticsOptions>>().Value.ConnectionString);
        Assert.NotNull(provider.GetRequiredService<IEventStore>());
    }
}
