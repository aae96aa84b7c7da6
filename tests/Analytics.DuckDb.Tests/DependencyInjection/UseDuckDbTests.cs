using Analytics.Storage;
using Analytics.Storage.DuckDb;
using Analytics.Storage.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Analytics.DuckDb.Tests.DependencyInjection;

public sealed class UseDuckDbTests : IDisposable
{
    private const string ConnectionString = "Host=localhost;Username=u;Database=d";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "analytics-duckdb-tests", Guid.NewGuid().ToString("N"));

    private string FilePath => Path.Combine(_directory, "data", "analytics.duckdb");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static ServiceCollection NewServices()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        return services;
    }

    [Fact]
    public async Task UseDuckDb_replaces_the_postgresql_store_and_needs_no_connection_string()
    {
        var services = NewServices();

        services.AddAnalytics().UseDuckDb(FilePath);

        Assert.Single(services, d => d.ServiceType == typeof(IEventStore));
        await using var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<IOptions<AnalyticsOptions>>().Value; // validates
        var store = Assert.IsType<DuckDbEventStore>(provider.GetRequiredService<IEventStore>());
        Assert.Equal(FilePath, store.Path);
        Assert.Equal($"DuckDB ({FilePath})", store.Description);
    }

    [Fact]
    public async Task A_relative_path_is_resolved_against_the_current_directory()
    {
        var services = NewServices();

        services.AddAnalytics().UseDuckDb("data/analytics.duckdb");

        await using var provider = services.BuildServiceProvider();
        var store = Assert.IsType<DuckDbEventStore>(provider.GetRequiredService<IEventStore>());
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "data", "analytics.duckdb"), store.Path);
    }

    [Fact]
    public async Task Registering_and_resolving_touch_no_file_the_store_creates_the_directory_when_it_first_opens()
    {
        var services = NewServices();
        services.AddAnalytics().UseDuckDb(FilePath);
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IEventStore>();
        Assert.False(Directory.Exists(_directory));

        await store.EnsureSchemaAsync(CancellationToken.None);

        Assert.True(File.Exists(FilePath));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_path_is_refused_at_registration(string path)
    {
        var builder = NewServices().AddAnalytics();

        Assert.Throws<ArgumentException>(() => builder.UseDuckDb(path));
    }

    [Fact]
    public async Task Calling_AddAnalytics_again_keeps_the_duckdb_store()
    {
        var services = NewServices();
        services.AddAnalytics().UseDuckDb(FilePath);

        services.AddAnalytics(o => o.Schema = "stats");

        await using var provider = services.BuildServiceProvider();
        Assert.IsType<DuckDbEventStore>(provider.GetRequiredService<IEventStore>());
        Assert.Equal("stats", provider.GetRequiredService<IOptions<AnalyticsOptions>>().Value.Schema);
    }

    [Fact]
    public async Task The_container_disposes_the_store_and_so_releases_the_file()
    {
        var services = NewServices();
        services.AddAnalytics().UseDuckDb(FilePath);
        await using (var provider = services.BuildServiceProvider())
        {
            await provider.GetRequiredService<IEventStore>().EnsureSchemaAsync(CancellationToken.None);
        }

        await using var next = services.BuildServiceProvider();
        await next.GetRequiredService<IEventStore>().PingAsync(CancellationToken.None);
        Assert.False(File.Exists(FilePath + ".wal"));
    }

    [Fact]
    public async Task A_host_with_UseDuckDb_starts_creates_the_schema_and_stops()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAnalytics().UseDuckDb(FilePath);
        using var host = builder.Build();

        await host.StartAsync();
        var store = host.Services.GetRequiredService<IEventStore>();
        await store.AppendAsync([new Events.AnalyticsEvent { Id = Guid.CreateVersion7(), Time = DateTimeOffset.UtcNow, Page = "/", OperatingSystem = "Linux" }], CancellationToken.None);
        await host.StopAsync();

        Assert.True(File.Exists(FilePath));
    }

    [Fact]
    public async Task UseDuckDbUnlessPostgreSqlIsConfigured_uses_duckdb_when_no_connection_string_is_set()
    {
        var services = NewServices();

        services.AddAnalytics().UseDuckDbUnlessPostgreSqlIsConfigured(FilePath);

        await using var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<IOptions<AnalyticsOptions>>().Value; // validates
        Assert.IsType<DuckDbEventStore>(provider.GetRequiredService<IEventStore>());
    }

    [Fact]
    public async Task UseDuckDbUnlessPostgreSqlIsConfigured_uses_postgresql_for_a_connection_string_configured_after_it()
    {
        var services = NewServices();
        services.AddAnalytics().UseDuckDbUnlessPostgreSqlIsConfigured(FilePath);

        services.Configure<AnalyticsOptions>(o => o.ConnectionString = ConnectionString);

        await using var provider = services.BuildServiceProvider();
        Assert.IsType<PostgreSqlEventStore>(provider.GetRequiredService<IEventStore>());
        Assert.False(Directory.Exists(_directory));
    }

    [Fact]
    public async Task UseDuckDbUnlessPostgreSqlIsConfigured_uses_the_hosts_data_source_when_asked_to()
    {
        var services = NewServices();
        await using var hostDataSource = NpgsqlDataSource.Create("Host=host-data-source-db;Username=u");
        services.AddSingleton(hostDataSource);

        services.AddAnalytics().UseDuckDbUnlessPostgreSqlIsConfigured(FilePath).UseNpgsqlDataSource();

        await using var provider = services.BuildServiceProvider();
        var store = Assert.IsType<PostgreSqlEventStore>(provider.GetRequiredService<IEventStore>());
        Assert.Same(hostDataSource, provider.GetRequiredService<PostgreSqlDataSourceProvider>().DataSource);
        Assert.Contains(" at host-data-source-db:", store.Description, StringComparison.Ordinal);
    }
}
