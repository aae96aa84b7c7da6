using System.Diagnostics.CodeAnalysis;
using Analytics.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Analytics.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The standalone host in memory (<see cref="WebApplicationFactory{TEntryPoint}"/> of its <c>Program</c>), on a schema
/// of its own, with the clock stopped (at <see cref="Now"/> unless a subclass says otherwise) so that timestamps,
/// buckets and the retention window are the same on every run. One instance is shared by the tests of a class.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public class ApiFixture : IAsyncLifetime
{
    /// <summary>The server's "now": a winter Tuesday, so America/New_York is at -05:00.</summary>
    public static readonly DateTimeOffset Now = new(2026, 2, 10, 12, 0, 0, TimeSpan.Zero);

    private readonly DuckDbFile _duckDb = new();
    private WebApplicationFactory<Program>? _root;
    private WebApplicationFactory<Program>? _factory;
    private TestSchema? _schema;
    private FakeTimeProvider? _clock;
    private string? _readKey;

    /// <summary>The server's clock, stopped at <see cref="StartTime"/>.</summary>
    public FakeTimeProvider Clock => _clock ?? throw new InvalidOperationException("The fixture is not initialized.");

    public TestSchema Schema => _schema ?? throw new InvalidOperationException("The fixture is not initialized.");

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The reporting time zone (Analytics:TimeZone).</summary>
    protected virtual string TimeZone => "UTC";

    /// <summary>Where the server's clock stands.</summary>
    protected virtual DateTimeOffset StartTime => Now;

    /// <summary>True to store in a DuckDB file of the fixture's own (the standalone host's default) instead of PostgreSQL.</summary>
    protected virtual bool UsesDuckDb => false;

    /// <summary>A read key for every site, created in the host's store at startup.</summary>
    public string ReadKey => _readKey ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>A client that sends <see cref="ReadKey"/>, as reads need one by default.</summary>
    public HttpClient CreateClient() => Factory.CreateClient().WithKey(ReadKey);

    /// <summary>A client without a key.</summary>
    public HttpClient CreateAnonymousClient() => Factory.CreateClient();

    /// <summary>The host's configuration: by default the Analytics section, pointing at <paramref name="schema"/>.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings(TestSchema schema) =>
    [
        new("Analytics:ConnectionString", schema.ConnectionString),
        new("Analytics:Schema", schema.Name),
        new("Analytics:TimeZone", TimeZone),
    ];

    public async Task InitializeAsync()
    {
        _clock = new FakeTimeProvider(StartTime);
        var clock = _clock;
        _schema = await TestSchema.CreateAsync("http");
        _root = new WebApplicationFactory<Program>();
        _factory = _root.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in UsesDuckDb ? _duckDb.Use(Settings(_schema)) : Settings(_schema))
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                ConfigureServices(services);
            });
        });

        // Starts the host, which creates the schema, so a failure to start fails here with its own message.
        using var client = _factory.CreateClient();
        _readKey = await ReadKeys.CreateAsync(_factory.Services);
        client.WithKey(_readKey);
        await SeedAsync(client);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_root is not null)
            {
                await _root.DisposeAsync();
            }
        }
        finally
        {
            // Dropped even when stopping the host fails, which xunit reports as a class cleanup failure.
            if (_schema is not null)
            {
                await _schema.DisposeAsync();
            }

            if (UsesDuckDb)
            {
                _duckDb.Delete();
            }
        }
    }

    /// <summary>Changes the host's services after the application registered them (the clock is already replaced).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Stores the events a test class reads.</summary>
    protected virtual Task SeedAsync(HttpClient client) => Task.CompletedTask;
}
